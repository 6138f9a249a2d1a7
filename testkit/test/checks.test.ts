import { EnvelopeError } from "@eventwire/envelope-core";
import { exampleEnvelopes, loadVectors } from "@eventwire/schemas";
import { describe, expect, it } from "vitest";
import { captureEnvelopeError, createExampleCodec, readmeExample, type Vectors, vectorChecks } from "../src/index.js";

// The helpers that other tests trust must be able to fail: each is shown failing on bad input.
describe("captureEnvelopeError", () => {
  it("returns the EnvelopeError thrown, and fails on a return or on another error", () => {
    const error = new EnvelopeError("MALFORMED", "bad");
    expect(
      captureEnvelopeError(() => {
        throw error;
      }),
    ).toBe(error);
    expect(() => captureEnvelopeError(() => 1)).toThrow("did not throw");
    expect(() =>
      captureEnvelopeError(() => {
        throw new TypeError("x");
      }),
    ).toThrow("threw a non-EnvelopeError: TypeError: x");
  });
});

describe("vectorChecks", () => {
  const codec = createExampleCodec("json");
  const vectors = loadVectors() as Vectors;
  const run = (v: Vectors) => vectorChecks(codec, v).map((check) => () => check.run());

  it("passes on the checked-in vectors", () => {
    for (const check of run(vectors)) check();
  });

  it("fails when a valid vector's bytes differ from the codec's by one character", () => {
    const [first, ...rest] = vectors.valid.cases;
    if (first === undefined) throw new Error("no valid vectors");
    const changed = { ...first, json: first.json.replace('"source":"', '"source":"x') };
    const [validCheck] = run({ ...vectors, valid: { cases: [changed, ...rest] } });
    expect(validCheck).toThrow();
  });

  it("fails when an invalid vector decodes, or is refused with another code", () => {
    const good = Buffer.from(codec.encode(exampleEnvelopes().user_login)).toString("hex");
    const decodes = { name: "decodes", codec: "json", input: good, code: "MALFORMED" };
    expect(run({ ...vectors, invalid: { cases: [decodes] } })[1]).toThrow("decoded, but should be MALFORMED");
    const otherCode = { name: "other code", codec: "json", input: "7bff7d", code: "INVALID_DATA" };
    expect(run({ ...vectors, invalid: { cases: [otherCode] } })[1]).toThrow();
  });
});

describe("readmeExample", () => {
  it("reads the first ts block of this package's README, and fails on a file without one", () => {
    expect(readmeExample(new URL("../README.md", import.meta.url))).toContain("createExampleCodecs");
    expect(() => readmeExample(new URL("./checks.test.ts", import.meta.url))).toThrow("has no ```ts block");
  });
});
