import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalEnvelope, type Envelope, parseTimestamp } from "@eventwire/envelope-core";
import { envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import {
  EXAMPLE_TYPES,
  exampleEnvelopes,
  loadJsonSchemas,
  loadProtoSources,
  PROTO_MESSAGES,
  SCHEMA_DIR,
} from "@eventwire/schemas";
import fc from "fast-check";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "../src/index.js";
import { type FieldInfo, fieldsOf } from "../src/proto-fields.js";

// protoc (Debian's protobuf-compiler) is the reference: it encodes text format written by hand
// here, and re-encodes what it decodes of the codec's bytes.
const sources = loadProtoSources();
const codec = createProtobufCodec({ proto: Object.values(sources), types: PROTO_MESSAGES });
const root = new protobuf.Root();
for (const source of Object.values(sources)) protobuf.parse(source, root, { keepCase: true });
root.resolveAll();

const envelopes: Envelope[] = [
  ...Object.values(exampleEnvelopes()),
  ...fc.sample(envelopeArbitrary(loadJsonSchemas() as Record<string, SharedSchema>), { seed: 6, numRuns: 300 }),
].map((e) => canonicalEnvelope(e));

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

function batchName(type: string): string {
  return `Batch_${type}`;
}

function protoc(mode: "--encode" | "--decode", message: string, input: Uint8Array | string): Buffer {
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
function split(container: Uint8Array): Uint8Array[] {
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
    expect(varint()).toBe(0x0a);
    const length = varint();
    out.push(container.subarray(pos, pos + length));
    pos += length;
  }
  return out;
}

function join_(parts: Uint8Array[]): Uint8Array {
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
  if (kind === "string") return quote(new TextEncoder().encode(value as string));
  if (kind === "double" || kind === "float") return String(value);
  return String(value);
}

function messageText(type: protobuf.Type, value: Record<string, unknown>): string {
  return fieldsOf(type)
    .map((field) => fieldText(field, value[field.name]))
    .filter((text) => text !== "")
    .join(" ");
}

function fieldText(field: FieldInfo, value: unknown): string {
  if (value === undefined) return "";
  if (field.mapKey !== undefined) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${field.name} { key: ${scalarText(field.mapKey as string, k)} value: ${valueText(field, v)} }`)
      .join(" ");
  }
  if (field.repeated) return (value as unknown[]).map((v) => `${field.name}: ${valueText(field, v)}`).join(" ");
  return `${field.name}: ${valueText(field, value)}`;
}

function valueText(field: FieldInfo, value: unknown): string {
  if (field.kind === "message")
    return `{ ${messageText(field.messageType as protobuf.Type, value as Record<string, unknown>)} }`;
  if (field.kind === "enum") return String(value);
  return scalarText(field.kind, value);
}

describe("protoc as the reference", () => {
  // Step 1: protoc encodes each envelope's data, written by hand in text format.
  const dataBytes = new Map<Envelope, Uint8Array>();
  for (const type of EXAMPLE_TYPES) {
    const ofType = envelopes.filter((e) => e.event_type === type);
    const messageType = root.lookupType(PROTO_MESSAGES[type]);
    const text = ofType
      .map((e) => `items { ${messageText(messageType, e.data as Record<string, unknown>)} }`)
      .join("\n");
    split(protoc("--encode", `eventwire.test.${batchName(type)}`, text)).forEach((bytes, i) => {
      dataBytes.set(ofType[i] as Envelope, bytes);
    });
  }
  // Step 2: protoc encodes each envelope, written by hand, with that data.
  const envelopeText = envelopes
    .map((e) => {
      const { seconds, micros } = parseTimestamp(e.timestamp);
      const te = new TextEncoder();
      return `envelopes { event_id: ${quote(te.encode(e.event_id))} event_type: ${quote(te.encode(e.event_type))} timestamp { seconds: ${seconds} nanos: ${micros * 1000} } source: ${quote(te.encode(e.source))} data: ${quote(dataBytes.get(e) as Uint8Array)} }`;
    })
    .join("\n");
  const reference = protoc("--encode", "eventwire.test.EnvelopeBatch", envelopeText);
  const ours = envelopes.map((e) => codec.encode(e));

  it(`protoc --decode of the codec's bytes, encoded again, equals protoc's encoding of the hand-written envelopes (${envelopes.length})`, () => {
    const decoded = protoc("--decode", "eventwire.test.EnvelopeBatch", join_(ours));
    expect(protoc("--encode", "eventwire.test.EnvelopeBatch", decoded)).toEqual(reference);
  });

  it("the codec decodes protoc's bytes to the same envelopes", () => {
    const decoded = split(reference).map((bytes) => codec.decode(bytes));
    expect(decoded).toStrictEqual(envelopes);
  });

  it("the codec's bytes are protoc's deterministic output, byte for byte", () => {
    expect(join_(ours)).toEqual(new Uint8Array(reference));
  });
});
