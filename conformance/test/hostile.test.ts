import { describe, expect, it } from "vitest";
import { exampleCodecs } from "../src/codecs.js";
import { attack, targets } from "../src/hostile.js";

// A fixed budget for CI; `pnpm fuzz` runs the long campaign with the same generators.
const CASES = 6000;

describe("hostile input: every decoder returns or throws an EnvelopeError, nothing else", () => {
  for (const target of targets(exampleCodecs())) {
    it(`${target.name}: ${CASES} random, mutated, cut, huge-length, deeply nested and invalid UTF-8 inputs`, async () => {
      const result = await attack(target, CASES, 7);
      expect(result.failures).toEqual([]);
      expect(result.refused + result.accepted).toBe(CASES);
      // The attacks are not all harmless: decoders refuse many of them. Any bytes are valid SSE,
      // so the bare parser refuses only what is over maxEventBytes (the deep-nesting lines).
      expect(result.refused).toBeGreaterThan(target.name === "sse-parser" ? CASES / 100 : CASES / 3);
    });
  }
});
