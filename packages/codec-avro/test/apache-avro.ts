// Apache Avro (Debian's python3-avro) as the reference: it decodes bodies and writes records
// for the writer schemas given. Shared by the Apache Avro test and the vectors test.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Envelope } from "@eventwire/envelope-core";
import { epochMicrosFromParts, parseTimestamp } from "@eventwire/envelope-core/wire";

// Debian's python3-avro lives beside /usr/bin/python3, not in any other Python on PATH.
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./apache-avro.py", import.meta.url));

export interface ApacheAvroAnswer {
  decode: unknown[];
  encode: string[];
  canonical: string[];
  encodeData: string[];
}

export interface ApacheAvroRequest {
  decode?: { schema: unknown; body: string }[];
  encode?: { schema: unknown; record: unknown }[];
  canonical?: unknown[];
  encodeData?: { schema: unknown; datum: unknown }[];
}

export function askApacheAvro(request: ApacheAvroRequest): ApacheAvroAnswer {
  const out = execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString("utf8")) as ApacheAvroAnswer;
}

/** The envelope as the record Apache Avro reads and writes: the timestamp as microseconds, in a string. */
export function avroRecordOf(e: Envelope): Record<string, unknown> {
  return { ...e, timestamp: String(epochMicrosFromParts(parseTimestamp(e.timestamp))) };
}

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
