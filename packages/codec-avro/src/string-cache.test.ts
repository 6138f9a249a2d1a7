import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cachedString, MAX_CACHED } from "./string-cache.js";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function decodeStrict(bytes: Uint8Array, start: number, end: number): string | undefined {
  try {
    return strict.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

describe("cachedString", () => {
  it("returns the string of exactly these bytes, whatever was cached before (seed 11, 2,000 runs)", () => {
    // Few distinct short strings, so that hits, misses and slot collisions all happen.
    const text = fc.string({ unit: fc.constantFrom("a", "b", "é", "中", "🍣", "Ж"), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 40 }), (texts) => {
        for (const t of texts) {
          const bytes = new TextEncoder().encode(`xy${t}`);
          if (bytes.length - 2 > MAX_CACHED) continue;
          expect(cachedString(bytes, 2, bytes.length, decodeStrict)).toBe(t);
        }
      }),
      { seed: 11, numRuns: 2_000 },
    );
  });

  it("never answers from the cache for bytes that are not valid UTF-8 (seed 12, 2,000 runs)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: MAX_CACHED }), (bytes) => {
        const expected = decodeStrict(bytes, 0, bytes.length);
        expect(cachedString(bytes, 0, bytes.length, decodeStrict)).toBe(expected);
        // Asked again (now a possible hit), the answer is the same.
        expect(cachedString(bytes, 0, bytes.length, decodeStrict)).toBe(expected);
      }),
      { seed: 12, numRuns: 2_000 },
    );
  });

  it("does not decode again the bytes it has cached", () => {
    let calls = 0;
    const counting = (bytes: Uint8Array, start: number, end: number) => {
      calls++;
      return decodeStrict(bytes, start, end);
    };
    const bytes = new TextEncoder().encode("платёжный-шлюз-1");
    const first = cachedString(bytes, 0, bytes.length, counting);
    const copy = bytes.slice();
    expect(cachedString(copy, 0, copy.length, counting)).toBe(first);
    expect(calls).toBe(1);
    // One byte changed is another string.
    copy[copy.length - 1] = 0x44;
    expect(cachedString(copy, 0, copy.length, counting)).toBe("платёжный-шлюз-D");
    expect(calls).toBe(2);
  });
});
