import { deepStrictEqual, equal, fail } from "node:assert/strict";
import { type Codec, type Envelope, isEnvelopeError } from "@eventwire/envelope-core";
import type { CodecLaw } from "@eventwire/envelope-core/testing";

/** The checked-in vectors of `schemas/vectors` (`loadVectors()` of `@eventwire/schemas`). */
export interface Vectors {
  valid: { cases: readonly { name: string; envelope: unknown; json: string; avro: string; protobuf: string }[] };
  invalid: { cases: readonly { name: string; codec: string; input: string; code: string; path?: string }[] };
}

const unhex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));

/**
 * The checks every codec runs on the vectors: each valid vector decodes to its envelope and
 * encodes to exactly its bytes; each invalid one for this codec is refused with its code and path.
 */
export function vectorChecks(codec: Codec, vectors: Vectors): CodecLaw[] {
  const bytesOf = (vector: Vectors["valid"]["cases"][number]) =>
    codec.name === "json"
      ? new TextEncoder().encode(vector.json)
      : unhex(codec.name === "avro" ? vector.avro : vector.protobuf);
  return [
    {
      name: `${codec.name}: every valid vector decodes to its envelope and encodes to exactly its bytes`,
      run: () => {
        for (const vector of vectors.valid.cases) {
          const bytes = bytesOf(vector);
          deepStrictEqual(codec.decode(bytes), vector.envelope, vector.name);
          deepStrictEqual(Array.from(codec.encode(vector.envelope as Envelope)), Array.from(bytes), vector.name);
        }
      },
    },
    {
      name: `${codec.name}: every invalid vector is refused with its code`,
      run: () => {
        for (const vector of vectors.invalid.cases.filter((c) => c.codec === codec.name)) {
          try {
            codec.decode(unhex(vector.input));
          } catch (error) {
            if (!isEnvelopeError(error)) throw error;
            equal(error.code, vector.code, vector.name);
            if (vector.path !== undefined) equal(error.path, vector.path, vector.name);
            continue;
          }
          fail(`${vector.name}: decoded, but should be ${vector.code}`);
        }
      },
    },
  ];
}
