import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { msOf, nowMs, timestampOf } from "../src/clock.js";

describe("the latency clock", () => {
  it("writes canonical timestamps with six fraction digits that read back to the microsecond", () => {
    // Milliseconds since the epoch with a fraction, between 2001 and 2100.
    const ms = fc.double({ min: 1e12, max: 4.1e12, noNaN: true });
    fc.assert(
      fc.property(ms, (t) => {
        const text = timestampOf(t);
        expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        const back = msOf(text);
        // Truncated to the microsecond, never rounded up.
        expect(t - back).toBeGreaterThanOrEqual(-1e-6);
        expect(t - back).toBeLessThan(0.001 + 1e-6);
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it("reads 0 and 3 fraction digits too, as the codecs may shorten a timestamp", () => {
    expect(msOf("2026-11-27T12:00:00Z")).toBe(Date.UTC(2026, 10, 27, 12));
    expect(msOf("2026-11-27T12:00:00.250Z")).toBe(Date.UTC(2026, 10, 27, 12) + 250);
    expect(msOf("2026-11-27T12:00:00.000001Z")).toBeCloseTo(Date.UTC(2026, 10, 27, 12) + 0.001, 6);
  });

  it("is wall-clock time with a sub-millisecond part, comparable with Date.now()", () => {
    const before = Date.now();
    const now = nowMs();
    const after = Date.now();
    // performance.timeOrigin is taken once at start; it may differ from Date by a few ms.
    expect(now).toBeGreaterThan(before - 50);
    expect(now).toBeLessThan(after + 50);
  });
});
