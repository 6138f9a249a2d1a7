import { deepStrictEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import type { Codec } from "../codec.js";
import { canonicalEnvelope, type Envelope } from "../envelope.js";
import { isEnvelopeError } from "../errors.js";
import { type EnvelopeArbitraryOptions, envelopeArbitrary, type SharedSchema } from "./arbitraries.js";

/** One property of a codec, runnable by any test runner: `it(law.name, law.run)`. */
export interface CodecLaw {
  readonly name: string;
  readonly run: () => void;
}

/** How {@link codecLaws} runs. */
export interface CodecLawOptions {
  /** The event types to generate, as schemas of the shared type set. */
  types: Readonly<Record<string, SharedSchema>>;
  /** Runs a property. Default 1000. */
  numRuns: number;
  /** The fast-check seed, fixed so that a run can be repeated. Default 20_231_115. */
  seed: number;
  /** Passed to {@link envelopeArbitrary}. */
  data: Partial<EnvelopeArbitraryOptions>;
  /** Realistic envelopes whose encodings are also mutated byte by byte (an extra law). */
  examples: readonly Envelope[];
}

/** The laws that every codec obeys; each codec's tests run them all. */
export function codecLaws(
  codec: Codec,
  options: Partial<CodecLawOptions> & Pick<CodecLawOptions, "types">,
): CodecLaw[] {
  const params = { numRuns: options.numRuns ?? 1000, seed: options.seed ?? 20_231_115 };
  const envelopes = envelopeArbitrary(options.types, options.data);
  const law = <T extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<T>): CodecLaw => ({
    name: `${codec.name}: ${name}`,
    run: () => fc.assert(property, params),
  });
  const laws = [
    law(
      "decode(encode(e)) deep-equals the canonical envelope",
      fc.property(envelopes, (e) => {
        deepStrictEqual(codec.decode(codec.encode(e)), canonicalEnvelope(e));
      }),
    ),
    law(
      "encode is deterministic and sees only the canonical envelope",
      fc.property(envelopes, (e) => {
        const bytes = codec.encode(e);
        deepStrictEqual(codec.encode(structuredClone(e)), bytes);
        deepStrictEqual(codec.encode(canonicalEnvelope(e)), bytes);
      }),
    ),
    law(
      "every truncation decodes to an envelope or an EnvelopeError",
      fc.property(envelopes, fc.nat(), (e, cut) => {
        const bytes = codec.encode(e);
        decodesOrRefuses(codec, bytes.subarray(0, cut % Math.max(bytes.length, 1)));
      }),
    ),
    law(
      "every mutation decodes to an envelope or an EnvelopeError",
      fc.property(envelopes, fc.array(mutationArbitrary(), { minLength: 1, maxLength: 4 }), (e, mutations) => {
        decodesOrRefuses(codec, mutate(codec.encode(e), mutations));
      }),
    ),
    law(
      "decodeData(encodeData(data)) deep-equals the canonical data, validated alike",
      fc.property(envelopes, (e) => {
        const bytes = codec.encodeData(e.event_type, e.data);
        deepStrictEqual(codec.decodeData(e.event_type, bytes), canonicalEnvelope(e).data);
        deepStrictEqual(codec.encodeData(e.event_type, structuredClone(e.data)), bytes);
      }),
    ),
    law(
      "every mutation of data alone decodes to data or an EnvelopeError with the event type",
      fc.property(envelopes, fc.array(mutationArbitrary(), { minLength: 1, maxLength: 4 }), (e, mutations) => {
        decodesDataOrRefuses(codec, e.event_type, mutate(codec.encodeData(e.event_type, e.data), mutations));
      }),
    ),
    law(
      "random bytes decode to an envelope or an EnvelopeError",
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        decodesOrRefuses(codec, bytes);
      }),
    ),
  ];
  const examples = options.examples ?? [];
  if (examples.length > 0) {
    laws.push(
      law(
        "every changed byte of an example decodes to an envelope or an EnvelopeError",
        fc.property(fc.constantFrom(...examples), fc.nat(), fc.nat(255), (e, at, value) => {
          const mutated = Uint8Array.from(codec.encode(e));
          mutated[at % mutated.length] = value;
          decodesOrRefuses(codec, mutated);
        }),
      ),
    );
  }
  const { encodeText, decodeText } = codec;
  if (!codec.binary && encodeText !== undefined && decodeText !== undefined) {
    laws.push(
      law(
        "the text form is the UTF-8 bytes, with no CR or LF",
        fc.property(envelopes, (e) => {
          const text = encodeText.call(codec, e);
          ok(!/[\r\n]/.test(text), "text encoding has a line break");
          deepStrictEqual(new TextEncoder().encode(text), new Uint8Array(codec.encode(e)));
          deepStrictEqual(decodeText.call(codec, text), canonicalEnvelope(e));
        }),
      ),
    );
  }
  return laws;
}

/** Decodes `bytes`; passes for an envelope or an `EnvelopeError`, fails for anything else. */
export function decodesOrRefuses(codec: Codec, bytes: Uint8Array): Envelope | undefined {
  try {
    return codec.decode(bytes);
  } catch (error) {
    if (isEnvelopeError(error)) return undefined;
    throw new Error(`decode threw ${String(error)} instead of an EnvelopeError`, { cause: error });
  }
}

/**
 * Decodes `bytes` as the data of `eventType`; passes for data or an `EnvelopeError` that names
 * the event type and a path under `/data`, fails for anything else.
 */
export function decodesDataOrRefuses(codec: Codec, eventType: string, bytes: Uint8Array): unknown {
  try {
    return codec.decodeData(eventType, bytes);
  } catch (error) {
    if (!isEnvelopeError(error)) {
      throw new Error(`decodeData threw ${String(error)} instead of an EnvelopeError`, { cause: error });
    }
    ok(error.eventType === eventType, `the error names event type ${String(error.eventType)}`);
    ok(error.path === "/data" || error.path?.startsWith("/data/"), `the error's path is ${String(error.path)}`);
    return undefined;
  }
}

/** One change to a byte string. */
export type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "insert"; at: number; value: number }
  | { kind: "delete"; at: number };

/** Random single-byte mutations, positions taken modulo the input length. */
export function mutationArbitrary(): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  const value = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0xc3, 0x22, 0x5c));
  return fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant("set" as const), at, value }),
    fc.record({ kind: fc.constant("insert" as const), at, value }),
    fc.record({ kind: fc.constant("delete" as const), at }),
  );
}

/** Applies mutations to a copy of `bytes`. */
export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out: Uint8Array = Uint8Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === "flip" && out.length > 0) out[at] = (out[at] as number) ^ (1 << m.bit);
    else if (m.kind === "set" && out.length > 0) out[at] = m.value;
    else if (m.kind === "insert") out = concatBytes(out.subarray(0, at), Uint8Array.of(m.value), out.subarray(at));
    else if (m.kind === "delete") out = concatBytes(out.subarray(0, at), out.subarray(at + 1));
  }
  return out;
}

/** The bytes of `parts`, one after another. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
