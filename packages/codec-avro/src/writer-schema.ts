import { type AvroType, isRecord } from "./avro-type.js";
import { canonicalSchema } from "./canonical-form.js";
import { fingerprintBytes } from "./fingerprint.js";
import { parseSchema } from "./parse-schema.js";
import { DATA_NAMESPACE } from "./resolve-writer.js";

/** One writer schema: the envelope record with `data` set to a version of the type's record. */
export interface WriterSchema {
  /** The Parsing Canonical Form of the writer schema. */
  readonly canonicalForm: string;
  /** CRC-64-AVRO of the canonical form, little-endian, as written after `C3 01`. */
  readonly fingerprint: Uint8Array;
  /** The writer schema as JSON, e.g. for another Avro implementation. */
  readonly schema: unknown;
  /** The schema of `data` alone (what `encodeData` writes), as JSON with full names, e.g. to register. */
  readonly dataSchema: unknown;
}

/** A version of an event type's schema, parsed: its writer schema and the type of its data. */
export interface ParsedWriter {
  readonly writer: WriterSchema;
  readonly data: AvroType;
}

/**
 * Parses a version of an event type's data record inside the envelope record, and computes the
 * writer schema's canonical form and fingerprint. Throws a `TypeError` for an invalid schema.
 */
export function parseWriter(
  eventType: string,
  schema: Readonly<Record<string, unknown>>,
  maxSchemaDepth: number,
): ParsedWriter {
  const envelopeSchema = {
    type: "record",
    name: "Envelope",
    namespace: DATA_NAMESPACE,
    fields: [
      { name: "event_id", type: "string" },
      { name: "event_type", type: "string" },
      { name: "timestamp", type: { type: "long", logicalType: "timestamp-micros" } },
      { name: "source", type: "string" },
      { name: "data", type: schema },
    ],
  };
  let envelope: AvroType;
  try {
    // The limit counts from the data record, as when the data schema is parsed alone.
    envelope = parseSchema(envelopeSchema, { maxDepth: maxSchemaDepth, topLevel: 0 });
  } catch (error) {
    throw new TypeError(
      `the Avro schema of event type ${JSON.stringify(eventType)} is invalid: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const data = envelope.fields?.[4]?.type as AvroType;
  if (!isRecord(data)) {
    throw new TypeError(`the Avro schema of event type ${JSON.stringify(eventType)} must be a record`);
  }
  const json = canonicalSchema(envelope);
  const canonicalForm = JSON.stringify(json);
  return {
    writer: {
      canonicalForm,
      fingerprint: fingerprintBytes(canonicalForm),
      schema: json,
      dataSchema: canonicalSchema(data),
    },
    data,
  };
}
