// Envelope bytes made by the reference tools, not by eventwire: protoc --encode (Debian's
// protobuf-compiler) and Apache Avro (Debian's python3-avro).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Envelope } from "@eventwire/envelope-core";
import { epochMicrosFromParts, parseTimestamp } from "@eventwire/envelope-core/wire";

/** Runs `protoc --encode=message` on text-format input, with `dir` and its events/ on the import path. */
export function protocEncode(dir: string, file: string, message: string, text: string): Buffer {
  return execFileSync(
    "protoc",
    [`-I${dir}`, `-I${join(dir, "events")}`, "-I/usr/include", `--encode=${message}`, file],
    { input: text },
  );
}

/** Bytes as a text-format string literal: every byte octal-escaped. */
export function textFormatBytes(bytes: Uint8Array): string {
  return `"${[...bytes].map((b) => `\\${b.toString(8).padStart(3, "0")}`).join("")}"`;
}

/**
 * The Protobuf envelope that protoc writes for `header` and data written in text format (`dataText`,
 * of the message `dataMessage` in `events/<event_type>.proto`). `schemasDir` must hold envelope.proto.
 */
export function protocEnvelope(
  schemasDir: string,
  header: { event_id: string; event_type: string; seconds: number; nanos: number; source: string },
  dataMessage: string,
  dataText: string,
): Buffer {
  const data = protocEncode(schemasDir, `${header.event_type}.proto`, dataMessage, dataText);
  const envelope = [
    `event_id: ${JSON.stringify(header.event_id)}`,
    `event_type: ${JSON.stringify(header.event_type)}`,
    `timestamp { seconds: ${header.seconds} nanos: ${header.nanos} }`,
    `source: ${JSON.stringify(header.source)}`,
    `data: ${textFormatBytes(data)}`,
  ].join("\n");
  return protocEncode(schemasDir, "envelope.proto", "eventwire.v1.Envelope", envelope);
}

const SCRIPT = fileURLToPath(new URL("./avro-single-object.py", import.meta.url));

/** Apache Avro's single-object encoding of each envelope, with the envelope record around `dataSchema`. */
export function apacheAvroEnvelopes(schemasDir: string, dataSchema: unknown, envelopes: readonly Envelope[]): Buffer[] {
  const writer = JSON.parse(readFileSync(join(schemasDir, "envelope.avsc"), "utf8")) as {
    fields: { name: string; type: unknown }[];
  };
  writer.fields = writer.fields.map((field) => (field.name === "data" ? { ...field, type: dataSchema } : field));
  const records = envelopes.map((e) => ({ ...e, timestamp: epochMicrosFromParts(parseTimestamp(e.timestamp)) }));
  // Python's json reads the micros as an int (all of them are below 2^53 here).
  const out = execFileSync("/usr/bin/python3", [SCRIPT], { input: JSON.stringify({ schema: writer, records }) });
  return out
    .toString("utf8")
    .trim()
    .split("\n")
    .map((hex) => Buffer.from(hex, "hex"));
}
