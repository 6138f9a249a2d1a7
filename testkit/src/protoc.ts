// protoc (Debian's protobuf-compiler) as the reference: it encodes envelopes written by hand in
// text format, and decodes and re-encodes bytes. The text is written from protobufjs reflection
// alone, never from the codec under test.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Envelope } from "@eventwire/envelope-core";
import { parseTimestamp } from "@eventwire/envelope-core/wire";
import { EXAMPLE_TYPES, loadProtoSources, PROTO_MESSAGES, SCHEMA_DIR } from "@eventwire/schemas";
import protobuf from "protobufjs";

let workspace: { dir: string; root: protobuf.Root } | undefined;

/** The example types parsed once, and a folder holding the batch messages protoc reads; made on first use. */
function prepare(): { dir: string; root: protobuf.Root } {
  if (workspace !== undefined) return workspace;
  const root = new protobuf.Root();
  for (const source of Object.values(loadProtoSources())) protobuf.parse(source, root, { keepCase: true });
  root.resolveAll();
  const dir = mkdtempSync(join(tmpdir(), "eventwire-protoc-"));
  writeFileSync(
    join(dir, "batch.proto"),
    `syntax = "proto3";
package eventwire.test;
import "envelope.proto";
${EXAMPLE_TYPES.map((t) => `import "${t}.proto";`).join("\n")}
message EnvelopeBatch { repeated eventwire.v1.Envelope envelopes = 1; }
${EXAMPLE_TYPES.map((t) => `message ${batchName(t)} { repeated ${PROTO_MESSAGES[t]} items = 1; }`).join("\n")}
`,
  );
  workspace = { dir, root };
  return workspace;
}

function batchName(type: string): string {
  return `Batch_${type}`;
}

/** Runs protoc on the example types and the batch messages; `--encode` output is deterministic. */
export function protoc(mode: "--encode" | "--decode", message: string, input: Uint8Array | string): Buffer {
  const { dir } = prepare();
  return execFileSync(
    "protoc",
    [
      `-I${dir}`,
      `-I${SCHEMA_DIR}`,
      `-I${join(SCHEMA_DIR, "events")}`,
      "-I/usr/include",
      `${mode}=${message}`,
      ...(mode === "--encode" ? ["--deterministic_output"] : []),
      "batch.proto",
    ],
    { input, cwd: dir, maxBuffer: 256 * 1024 * 1024 },
  );
}

/** Splits `tag length value` records of field 1 (a repeated message) into their values. */
export function splitRecords(container: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  const varint = (): number => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = container[pos++] as number;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
  };
  while (pos < container.length) {
    if (varint() !== 0x0a) throw new Error("not a record of field 1");
    const length = varint();
    out.push(container.subarray(pos, pos + length));
    pos += length;
  }
  return out;
}

/** Joins messages as `tag length value` records of field 1: the inverse of {@link splitRecords}. */
export function joinRecords(parts: Uint8Array[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    out.push(0x0a);
    let n = part.length;
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n, ...part);
  }
  return Uint8Array.from(out);
}

/** Text format, every byte of a string escaped in octal so that nothing is left to interpretation. */
function quote(bytes: Uint8Array): string {
  return `"${Array.from(bytes, (b) => `\\${b.toString(8).padStart(3, "0")}`).join("")}"`;
}

function scalarText(kind: string, value: unknown): string {
  return kind === "string" ? quote(new TextEncoder().encode(value as string)) : String(value);
}

/** Text format of a message: its fields in field-number order, the order protoc writes them in. */
function messageText(type: protobuf.Type, value: Record<string, unknown>): string {
  return [...type.fieldsArray]
    .sort((a, b) => a.id - b.id)
    .map((field) => (Object.hasOwn(value, field.name) ? fieldText(field, value[field.name]) : ""))
    .filter((text) => text !== "")
    .join(" ");
}

function fieldText(field: protobuf.Field, value: unknown): string {
  if (value === undefined) return "";
  if (field instanceof protobuf.MapField) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${field.name} { key: ${scalarText(field.keyType, k)} value: ${valueText(field, v)} }`)
      .join(" ");
  }
  if (field.repeated) return (value as unknown[]).map((v) => `${field.name}: ${valueText(field, v)}`).join(" ");
  return `${field.name}: ${valueText(field, value)}`;
}

function valueText(field: protobuf.Field, value: unknown): string {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return `{ ${messageText(resolved, value as Record<string, unknown>)} }`;
  if (resolved instanceof protobuf.Enum) return String(value);
  return scalarText(field.type, value);
}

/** protoc's encoding of each envelope's data message alone (example types only), written by hand in text format. */
export function protocEncodeData(envelopes: readonly Envelope[]): Map<Envelope, Uint8Array> {
  const dataBytes = new Map<Envelope, Uint8Array>();
  for (const type of EXAMPLE_TYPES) {
    const ofType = envelopes.filter((e) => e.event_type === type);
    if (ofType.length === 0) continue;
    const messageType = prepare().root.lookupType(PROTO_MESSAGES[type]);
    const text = ofType
      .map((e) => `items { ${messageText(messageType, e.data as Record<string, unknown>)} }`)
      .join("\n");
    splitRecords(protoc("--encode", `eventwire.test.${batchName(type)}`, text)).forEach((bytes, i) => {
      dataBytes.set(ofType[i] as Envelope, bytes);
    });
  }
  return dataBytes;
}

/**
 * protoc's encoding of each envelope (example types only), written by hand in text format: first
 * each type's data, then the envelopes holding those bytes.
 */
export function protocEncode(envelopes: readonly Envelope[]): Uint8Array[] {
  const dataBytes = protocEncodeData(envelopes);
  const te = new TextEncoder();
  const envelopeText = envelopes
    .map((e) => {
      const { seconds, micros } = parseTimestamp(e.timestamp);
      return `envelopes { event_id: ${quote(te.encode(e.event_id))} event_type: ${quote(te.encode(e.event_type))} timestamp { seconds: ${seconds} nanos: ${micros * 1000} } source: ${quote(te.encode(e.source))} data: ${quote(dataBytes.get(e) ?? new Uint8Array())} }`;
    })
    .join("\n");
  return splitRecords(protoc("--encode", "eventwire.test.EnvelopeBatch", envelopeText));
}

/** protoc --decode of encoded envelopes, encoded again with --deterministic_output. */
export function protocReencode(encoded: readonly Uint8Array[]): Uint8Array[] {
  const text = protoc("--decode", "eventwire.test.EnvelopeBatch", joinRecords([...encoded]));
  return splitRecords(protoc("--encode", "eventwire.test.EnvelopeBatch", text));
}
