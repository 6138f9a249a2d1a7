import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePositions, decodesFor, SAMPLED } from "../src/position.js";

const memoryPosition = (n: number) => String(n).padStart(16, "0");

describe("comparePositions", () => {
  it("orders memory log positions and Redis stream ids as numbers", () => {
    expect(comparePositions(memoryPosition(9), memoryPosition(10))).toBeLessThan(0);
    expect(comparePositions(memoryPosition(10), memoryPosition(10))).toBe(0);
    expect(comparePositions("1764200000000-9", "1764200000000-10")).toBeLessThan(0);
    expect(comparePositions("1764200000001-0", "1764200000000-10")).toBeGreaterThan(0);
    expect(comparePositions("1764200000000-10", "1764200000000-10")).toBe(0);
  });

  it("agrees with numeric order on any two Redis ids", () => {
    const part = fc.bigInt({ min: 0n, max: 10n ** 15n });
    fc.assert(
      fc.property(part, part, part, part, (ma, sa, mb, sb) => {
        const expected = ma === mb ? Math.sign(Number(sa - sb)) : Math.sign(Number(ma - mb));
        expect(Math.sign(comparePositions(`${ma}-${sa}`, `${mb}-${sb}`))).toBe(expected);
      }),
      { seed: 15, numRuns: 1000 },
    );
  });
});

describe("decodesFor", () => {
  it("decodes every client up to the sample size", () => {
    expect(Array.from({ length: SAMPLED }, (_, i) => decodesFor(i, SAMPLED)).every(Boolean)).toBe(true);
  });

  it("samples about SAMPLED clients of any crowd, of both halves of the types split", () => {
    for (const clients of [21, 29, 100, 1000, 4999, 5000]) {
      const chosen = Array.from({ length: clients }, (_, i) => i).filter((i) => decodesFor(i, clients));
      expect(chosen.length).toBeGreaterThanOrEqual(SAMPLED);
      expect(chosen.length).toBe(SAMPLED);
      expect(chosen.some((i) => i % 2 === 0) && chosen.some((i) => i % 2 === 1)).toBe(true);
      // Spread over the whole delivery order, not bunched at its start.
      expect(Math.max(...chosen)).toBeGreaterThan(clients * 0.8);
    }
  });
});
