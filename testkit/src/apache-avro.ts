// Apache Avro (Debian's python3-avro) as the reference: it decodes bodies and writes records
// for the writer schemas given. Shared by codec-avro's Apache Avro test and the vectors test.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Envelope } from "@eventwire/envelope-core";
import { epochMicrosFromParts, parseTimestamp } from "@eventwire/envelope-core/wire";
import { readSchemaFile } from "@eventwire/schemas";

// Debian's python3-avro lives beside /usr/bin/python3, not in any other Python on PATH.
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./apache-avro.py", import.meta.url));

/** What apache-avro.py answers: one entry per case of each kind asked, in order (bytes as base64). */
export interface ApacheAvroAnswer {
  decode: unknown[];
  encode: string[];
  canonical: string[];
  encodeData: string[];
  singleObject: string[];
  resolve: ({ value: unknown } | { error: string })[];
  fingerprint: ({ canonical: string; fingerprint: string } | { error: string })[];
}

/** The cases to ask Apache Avro about, each kind optional; bodies are base64, timestamps strings of micros. */
export interface ApacheAvroRequest {
  decode?: { schema: unknown; body: string }[];
  encode?: { schema: unknown; record: unknown }[];
  canonical?: unknown[];
  encodeData?: { schema: unknown; datum: unknown }[];
  singleObject?: { schema: unknown; record: unknown }[];
  /** `DatumReader(writer, reader)` on a body the writer wrote; bytes come back as `{"$bytes": hex}`. */
  resolve?: { writer: unknown; reader: unknown; body: string }[];
  /** Apache Avro's own canonical form of each schema, and its CRC-64-AVRO (hex, little-endian). */
  fingerprint?: unknown[];
}

/** Runs apache-avro.py once on every case of `request`. */
export function askApacheAvro(request: ApacheAvroRequest): ApacheAvroAnswer {
  const out = execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString("utf8")) as ApacheAvroAnswer;
}

/** The envelope as the record Apache Avro reads and writes: the timestamp as microseconds, in a string. */
export function avroRecordOf(e: Envelope): Record<string, unknown> {
  return { ...e, timestamp: String(epochMicrosFromParts(parseTimestamp(e.timestamp))) };
}

/** Standard base64, as apache-avro.py reads and writes bytes. */
export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

/**
 * Apache Avro's single-object encoding of each envelope, its fingerprint computed in Python: the
 * writer schema is `schemas/envelope.avsc` with `data` set to `dataSchema`.
 */
export function apacheAvroSingleObjects(dataSchema: unknown, envelopes: readonly Envelope[]): Buffer[] {
  const writer = JSON.parse(readSchemaFile("envelope.avsc")) as { fields: { name: string; type: unknown }[] };
  writer.fields = writer.fields.map((field) => (field.name === "data" ? { ...field, type: dataSchema } : field));
  const answer = askApacheAvro({ singleObject: envelopes.map((e) => ({ schema: writer, record: avroRecordOf(e) })) });
  return answer.singleObject.map((text) => Buffer.from(text, "base64"));
}
