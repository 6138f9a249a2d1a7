import { captureEnvelopeError } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeHeaderValue, encodeHeaderValue } from "../src/percent-encoding.js";

describe("HTTP header values (CloudEvents HTTP binding 1.0.2, 3.1.3.2)", () => {
  it("encodes the binding's own example as it shows it", () => {
    expect(encodeHeaderValue("Euro € 😀")).toBe("Euro%20%E2%82%AC%20%F0%9F%98%80");
  });

  it("encodes space, double quote and percent, and leaves the rest of printable ASCII alone", () => {
    expect(encodeHeaderValue('a "b" 100%')).toBe("a%20%22b%22%20100%25");
    expect(encodeHeaderValue("/mycontext/sub?x=1&y=a+b#f:@!$'()*,;~")).toBe("/mycontext/sub?x=1&y=a+b#f:@!$'()*,;~");
    expect(encodeHeaderValue("tab\there\u007f\u0000")).toBe("tab%09here%7F%00");
  });

  it("decodes lower-case hex, needless encoding, and double-quoted values with backslash escapes", () => {
    expect(decodeHeaderValue("Euro%20%e2%82%ac", "/x")).toBe("Euro €");
    expect(decodeHeaderValue("%41%42c", "/x")).toBe("ABc");
    expect(decodeHeaderValue('"a \\"quoted\\" value"', "/x")).toBe('a "quoted" value');
    expect(decodeHeaderValue('"100%25"', "/x")).toBe("100%");
    expect(decodeHeaderValue("  padded\t", "/x")).toBe("padded");
  });

  it.each([
    ["an overlong space (the binding's example)", "%C0%A0"],
    ["a truncated sequence", "%E2%82"],
    ["an encoded surrogate", "%ED%A0%80"],
    ["a bare %", "100%"],
    ["a % with one hex digit", "%4"],
    ["non-hex digits", "%G1"],
    ["a raw non-ASCII letter", "é"],
    ["a raw control character", "a\u0001b"],
    ["an unclosed quote", '"abc'],
    ["text after a closing quote", '"abc"d'],
  ])("refuses %s with MALFORMED at the attribute's path", (_, raw) => {
    expect(captureEnvelopeError(() => decodeHeaderValue(raw, "/source"))).toMatchObject({
      code: "MALFORMED",
      path: "/source",
    });
  });

  it("decodes what it encodes, for any string of Unicode scalar values (1,000 runs, seed 1303)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const encoded = encodeHeaderValue(text);
        expect(encoded).toMatch(/^[\x21-\x7e]*$/);
        expect(decodeHeaderValue(encoded, "/x")).toBe(text);
      }),
      { seed: 1303, numRuns: 1000 },
    );
  });
});
