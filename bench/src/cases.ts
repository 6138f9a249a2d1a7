import type { Envelope } from "@eventwire/envelope-core";
import { createEnvelope } from "@eventwire/envelope-core";
import { CloudEvent } from "cloudevents";
import { makeAvscBaseline, makeProtobufjsBaseline } from "./baselines.js";
import type { AddCase, CaseContext } from "./case-context.js";
import { CODEC_NAMES, type CodecName, EXAMPLE_TYPES, type ExampleType } from "./fixtures.js";
import { peerCaseNames } from "./floors.js";
import { makeJsonPeers } from "./json-peers.js";
import { type Case, each } from "./measure.js";
import { makeProtobufEsBaseline } from "./protobuf-es.js";
import { streamCases } from "./stream-cases.js";

export interface Filters {
  readonly codecs: readonly string[];
  readonly types: readonly string[];
  readonly cases: readonly string[];
}

/** The cases of one event type: ours next to the raw libraries and peers, measured in the same run. */
export function casesFor(type: ExampleType, pool: Envelope[], context: CaseContext): Case[] {
  const cases: Case[] = [];
  const add: AddCase = (group, label, run, extra = {}) =>
    cases.push({ name: `${group}/${type}/${label}`, group, type, ops: pool.length, run, ...extra });
  addCodecCases(type, pool, context, add);
  const json = context.codecs.json;
  add(
    "create+encode",
    "CloudEvents SDK (raw)",
    each(pool, (e) => new CloudEvent({ type: e.event_type, source: e.source, data: e.data }).toString()),
  );
  add(
    "create+encode",
    "json",
    each(pool, (e) => json.encodeText?.(createEnvelope({ event_type: e.event_type, source: e.source, data: e.data }))),
    { codec: "json", baseline: `create+encode/${type}/CloudEvents SDK (raw)` },
  );
  streamCases(type, pool, context, add);
  return cases;
}

/** Encode and decode: each codec against its raw library, and the peers a user would pick. */
function addCodecCases(type: ExampleType, pool: Envelope[], context: CaseContext, add: AddCase): void {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const avsc = makeAvscBaseline(context.writerSchemas[type], pool);
  const pbjs = makeProtobufjsBaseline(type, pool);
  const jsonPeers = makeJsonPeers(context.jsonSchemas[type]);
  const es =
    "schemas" in context.protobufEs ? makeProtobufEsBaseline(context.protobufEs.schemas[type], pool) : undefined;
  const rawJson = pool.map((e) => encoder.encode(JSON.stringify(e)));

  add(
    "encode",
    "JSON.stringify (raw)",
    each(pool, (e) => Buffer.from(JSON.stringify(e))),
  );
  add("encode", "ajv validate + JSON.stringify (peer)", each(pool, jsonPeers.encodeStringify));
  add("encode", "ajv validate + fast-json-stringify (peer)", each(pool, jsonPeers.encodeFastJson));
  add("encode", "avsc (raw)", each(avsc.records, avsc.encode));
  add("encode", "protobufjs (raw)", each(pbjs.messages, pbjs.encode));
  if (es !== undefined) add("encode", "protobuf-es (peer)", each(es.messages, es.encode));

  add(
    "decode",
    "JSON.parse (raw)",
    each(rawJson, (b) => JSON.parse(decoder.decode(b))),
  );
  add("decode", "JSON.parse + ajv validate (peer)", each(rawJson, jsonPeers.decode));
  add("decode", "avsc (raw)", each(avsc.records.map(avsc.encode), avsc.decode));
  add("decode", "protobufjs (raw)", each(pbjs.messages.map(pbjs.encode), pbjs.decode));
  if (es !== undefined) add("decode", "protobuf-es (peer)", each(es.messages.map(es.encode), es.decode));

  const raw: Record<CodecName, string> = {
    json: "JSON.stringify (raw)",
    avro: "avsc (raw)",
    protobuf: "protobufjs (raw)",
  };
  const rawDecode: Record<CodecName, string> = { ...raw, json: "JSON.parse (raw)" };
  for (const name of CODEC_NAMES) {
    const codec = context.codecs[name];
    add(
      "encode",
      name,
      each(pool, (e) => codec.encode(e)),
      { codec: name, baseline: `encode/${type}/${raw[name]}` },
    );
  }
  for (const name of CODEC_NAMES) {
    const codec = context.codecs[name];
    const encoded = pool.map((e) => codec.encode(e));
    add(
      "decode",
      name,
      each(encoded, (b) => codec.decode(b)),
      {
        codec: name,
        baseline: `decode/${type}/${rawDecode[name]}`,
      },
    );
  }
}

/** Keeps the cases a filter asks for, and the baselines and peers those cases are compared with. */
export function filterCases(cases: Case[], filters: Filters): Case[] {
  const isPeer = (c: Case) => c.name.endsWith("(raw)") || c.name.endsWith("(peer)");
  const matches = (c: Case) =>
    (filters.codecs.length === 0 ||
      (c.codec !== undefined && filters.codecs.includes(c.codec)) ||
      (c.codec === undefined && !isPeer(c))) &&
    (filters.types.length === 0 || (c.type !== undefined && filters.types.includes(c.type))) &&
    (filters.cases.length === 0 || filters.cases.some((f) => c.name.includes(f)));
  const keep = cases.filter((c) => !isPeer(c) && matches(c));
  const needed = new Set(keep.flatMap((c) => [c.baseline, ...peerCaseNames(c.name)]));
  return cases.filter((c) => keep.includes(c) || needed.has(c.name));
}

export { EXAMPLE_TYPES };
