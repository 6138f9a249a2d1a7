import { readFileSync } from "node:fs";
import type { Envelope } from "@eventwire/envelope-core";
import { parseTimestamp } from "@eventwire/envelope-core/wire";
import { loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import avro from "avsc";
import protobuf from "protobufjs";
import type { ExampleType } from "./fixtures.js";

/**
 * Raw avsc on the same writer schema as the eventwire codec, the timestamp already a number:
 * what a hand-rolled Avro producer would write.
 */
export function makeAvscBaseline(writerSchema: unknown, pool: Envelope[]) {
  const type = avro.Type.forSchema(writerSchema as avro.Schema);
  const records = pool.map((e) => {
    const { seconds, micros } = parseTimestamp(e.timestamp);
    return { ...e, timestamp: seconds * 1_000_000 + micros, data: withNulls(dataSchema(writerSchema), e.data) };
  });
  return {
    records,
    encode: (record: unknown) => type.toBuffer(record),
    decode: (bytes: Buffer) => type.fromBuffer(bytes),
  };
}

function dataSchema(writerSchema: unknown): unknown {
  return (writerSchema as { fields: { name: string; type: unknown }[] }).fields[4]?.type;
}

/** avsc wants `null` for an optional field that is not set. */
function withNulls(schema: unknown, value: unknown): unknown {
  if (Array.isArray(schema)) {
    return value === undefined || value === null
      ? null
      : withNulls(
          schema.find((s) => s !== "null"),
          value,
        );
  }
  if (typeof schema !== "object" || schema === null) return value;
  const s = schema as { type: string; fields?: { name: string; type: unknown }[]; items?: unknown; values?: unknown };
  if (s.type === "record") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries((s.fields ?? []).map((f) => [f.name, withNulls(f.type, record[f.name])]));
  }
  if (s.type === "array") return (value as unknown[]).map((v) => withNulls(s.items, v));
  if (s.type === "map") {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, withNulls(s.values, v)]));
  }
  return value;
}

/**
 * Raw protobufjs on an equivalent typed message: the envelope with `data` as the typed message
 * inline, prepared once with `fromObject`; decode includes `toObject` (plain objects, enum names).
 */
export function makeProtobufjsBaseline(type: ExampleType, pool: Envelope[]) {
  const root = new protobuf.Root();
  const timestamp = protobuf.common.get("google/protobuf/timestamp.proto");
  root.addJSON((timestamp as { nested: Record<string, protobuf.AnyNestedObject> }).nested);
  for (const source of Object.values(loadProtoSources())) protobuf.parse(source, root, { keepCase: true });
  protobuf.parse(
    `syntax = "proto3"; package bench;
     message TypedEnvelope { string event_id = 1; string event_type = 2; google.protobuf.Timestamp timestamp = 3;
       string source = 4; ${PROTO_MESSAGES[type]} data = 5; }`,
    root,
    { keepCase: true },
  );
  root.resolveAll();
  const messageType = root.lookupType("bench.TypedEnvelope");
  const messages = pool.map((e) => {
    const { seconds, micros } = parseTimestamp(e.timestamp);
    return messageType.fromObject({ ...e, timestamp: { seconds, nanos: micros * 1000 } });
  });
  const options = { enums: String, longs: String, defaults: true } as const;
  return {
    messages,
    encode: (message: protobuf.Message) => messageType.encode(message).finish(),
    decode: (bytes: Uint8Array) => messageType.toObject(messageType.decode(bytes), options),
  };
}

/** The machine, for the record. */
export function machine(): { node: string; cpu: string; cores: number } {
  let cpu = "unknown";
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    node: process.version,
    cpu,
    cores: (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 0,
  };
}
