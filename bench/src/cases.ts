import type { Codec, Envelope } from "@eventwire/envelope-core";
import { createEnvelope } from "@eventwire/envelope-core";
import { createSseParser, frameEnvelope } from "@eventwire/sse-frame";
import { CloudEvent } from "cloudevents";
import { createParser } from "eventsource-parser";
import { makeAvscBaseline, makeProtobufjsBaseline } from "./baselines.js";
import { CODEC_NAMES, type CodecName, EXAMPLE_TYPES, type ExampleType } from "./fixtures.js";
import type { Case } from "./measure.js";

export interface Filters {
  readonly codecs: readonly string[];
  readonly types: readonly string[];
  readonly cases: readonly string[];
}

/**
 * Calls `op` on every item of `pool` once per run: `pool.length` operations. Each case gets its
 * own compiled copy of the loop, so that the type feedback of one case's calls does not make
 * another case's loop polymorphic (as separate processes would not).
 */
function each<T>(pool: readonly T[], op: (item: T) => unknown): () => unknown {
  const loop = new Function(
    "pool",
    "op",
    "return function run() { let last; for (let i = 0; i < pool.length; i++) last = op(pool[i]); return last; };",
  ) as (pool: readonly T[], op: (item: T) => unknown) => () => unknown;
  return loop(pool, op);
}

/** The cases of one event type: ours next to the baselines measured in the same run. */
export function casesFor(
  type: ExampleType,
  pool: Envelope[],
  codecs: Record<CodecName, Codec>,
  writerSchemas: Record<ExampleType, unknown>,
): Case[] {
  const cases: Case[] = [];
  const ops = pool.length;
  const add = (group: string, label: string, run: () => unknown, extra: Partial<Case> = {}) =>
    cases.push({ name: `${group}/${type}/${label}`, group, type, ops, run, ...extra });
  const json = codecs.json;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // Encode and decode: each codec against its raw library.
  const avsc = makeAvscBaseline(writerSchemas[type], pool);
  const pbjs = makeProtobufjsBaseline(type, pool);
  const jsonStrings = pool.map((e) => JSON.stringify(e));
  const rawJson = jsonStrings.map((s) => encoder.encode(s));
  add(
    "encode",
    "JSON.stringify (raw)",
    each(pool, (e) => Buffer.from(JSON.stringify(e))),
  );
  add("encode", "avsc (raw)", each(avsc.records, avsc.encode));
  add("encode", "protobufjs (raw)", each(pbjs.messages, pbjs.encode));
  const baselineOf: Record<CodecName, string> = {
    json: "JSON.stringify (raw)",
    avro: "avsc (raw)",
    protobuf: "protobufjs (raw)",
  };
  for (const name of CODEC_NAMES) {
    const codec = codecs[name];
    add(
      "encode",
      name,
      each(pool, (e) => codec.encode(e)),
      { codec: name, baseline: `encode/${type}/${baselineOf[name]}` },
    );
  }
  const avscBytes = avsc.records.map((r) => avsc.encode(r));
  const pbjsBytes = pbjs.messages.map((m) => pbjs.encode(m));
  add(
    "decode",
    "JSON.parse (raw)",
    each(rawJson, (b) => JSON.parse(decoder.decode(b))),
  );
  add("decode", "avsc (raw)", each(avscBytes, avsc.decode));
  add("decode", "protobufjs (raw)", each(pbjsBytes, pbjs.decode));
  const decodeBaseline: Record<CodecName, string> = {
    json: "JSON.parse (raw)",
    avro: "avsc (raw)",
    protobuf: "protobufjs (raw)",
  };
  for (const name of CODEC_NAMES) {
    const codec = codecs[name];
    const encoded = pool.map((e) => codec.encode(e));
    add(
      "decode",
      name,
      each(encoded, (b) => codec.decode(b)),
      { codec: name, baseline: `decode/${type}/${decodeBaseline[name]}` },
    );
  }

  // Making an event and writing it: eventwire against the CloudEvents SDK.
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

  // Framing: frameEnvelope against a template string, which validates nothing.
  add(
    "frame",
    "template string (raw)",
    each(pool, (e) => `id: ${e.event_id}\nevent: ${e.event_type}\ndata: ${JSON.stringify(e)}\n\n`),
  );
  for (const name of CODEC_NAMES) {
    const codec = codecs[name];
    add(
      "frame",
      name,
      each(pool, (e) => frameEnvelope(e, codec)),
      {
        codec: name,
        ...(name === "json" ? { baseline: `frame/${type}/template string (raw)` } : {}),
      },
    );
  }

  // Parsing a stream of JSON frames: bytes in, messages out.
  const stream = encoder.encode(pool.map((e) => frameEnvelope(e, json)).join(""));
  add("parse", "TextDecoder + eventsource-parser (raw)", () => {
    let count = 0;
    const parser = createParser({ onEvent: () => count++ });
    parser.feed(new TextDecoder().decode(stream));
    return count;
  });
  add(
    "parse",
    "sse-frame",
    () => {
      let count = 0;
      const parser = createSseParser({ onMessage: () => count++ });
      parser.feed(stream);
      parser.end();
      return count;
    },
    { baseline: `parse/${type}/TextDecoder + eventsource-parser (raw)` },
  );

  // End to end: encode, frame, bytes, parse, decode.
  for (const name of CODEC_NAMES) {
    const codec = codecs[name];
    add(
      "end-to-end",
      name,
      () => {
        const bytes = encoder.encode(pool.map((e) => frameEnvelope(e, codec)).join(""));
        const out: Envelope[] = [];
        const parser = createSseParser({
          onMessage: (m) =>
            out.push(
              codec.binary ? codec.decode(Buffer.from(m.data, "base64")) : (codec.decodeText?.(m.data) as Envelope),
            ),
        });
        parser.feed(bytes);
        parser.end();
        return out;
      },
      { codec: name },
    );
  }
  return cases;
}

/** Keeps the cases a filter asks for, and the baselines those cases are compared with. */
export function filterCases(cases: Case[], filters: Filters): Case[] {
  const isRaw = (c: Case) => c.name.endsWith("(raw)");
  const matches = (c: Case) =>
    (filters.codecs.length === 0 ||
      (c.codec !== undefined && filters.codecs.includes(c.codec)) ||
      (c.codec === undefined && !isRaw(c))) &&
    (filters.types.length === 0 || (c.type !== undefined && filters.types.includes(c.type))) &&
    (filters.cases.length === 0 || filters.cases.some((f) => c.name.includes(f)));
  const keep = cases.filter((c) => !isRaw(c) && matches(c));
  const needed = new Set(keep.map((c) => c.baseline));
  return cases.filter((c) => keep.includes(c) || needed.has(c.name));
}

export { EXAMPLE_TYPES };
