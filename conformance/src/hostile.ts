import { fromHttp, toHttp } from "@eventwire/cloudevents";
import { type Codec, type Envelope, isEnvelopeError } from "@eventwire/envelope-core";
import { concatBytes } from "@eventwire/envelope-core/testing";
import { frameValue, unframeValue } from "@eventwire/kafka";
import { exampleEnvelopes } from "@eventwire/schemas";
import { createSseParser, decodeEnvelopes, frameEnvelope } from "@eventwire/sse-frame";
import { CODEC_NAMES, type CodecName } from "./codecs.js";

/** A decoder under attack: it must return (an envelope, messages) or throw an EnvelopeError. */
export interface Target {
  readonly name: string;
  /** Valid inputs that the mutations start from. */
  readonly seeds: readonly Uint8Array[];
  run(input: Uint8Array, rng: Rng): unknown;
}

/** A small seeded generator (mulberry32): the same cases in every run of the same seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
}

const BAD_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0xc0, 0xaf], // overlong
  [0xed, 0xa0, 0x80], // a surrogate
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xe2, 0x82], // truncated
];

// Varints of lengths and counts no input can hold.
const HUGE_VARINTS = [
  [0xff, 0xff, 0xff, 0xff, 0x07],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10],
];

export type Strategy = "random" | "mutate" | "cut" | "huge-length" | "deep-nesting" | "bad-utf8";
export const STRATEGIES: readonly Strategy[] = ["random", "mutate", "cut", "huge-length", "deep-nesting", "bad-utf8"];

/** One hostile input for `target`, made by `strategy` from one of its seeds. */
export function makeCase(target: Target, strategy: Strategy, rng: Rng): Uint8Array {
  const seed = rng.pick(target.seeds);
  const at = (bytes: Uint8Array) => rng.int(bytes.length + 1);
  const splice = (bytes: Uint8Array, pos: number, insert: ArrayLike<number>, remove = 0) =>
    concatBytes(bytes.subarray(0, pos), Uint8Array.from(insert), bytes.subarray(pos + remove));
  switch (strategy) {
    case "random":
      return Uint8Array.from({ length: rng.int(300) }, () => rng.int(256));
    case "cut":
      return seed.slice(0, rng.int(seed.length));
    case "mutate": {
      let bytes: Uint8Array = Uint8Array.from(seed);
      for (let n = 1 + rng.int(4); n > 0; n--) {
        const pos = rng.int(Math.max(bytes.length, 1));
        const kind = rng.int(4);
        if (kind === 0 && bytes.length > 0) bytes[pos] = (bytes[pos] as number) ^ (1 << rng.int(8));
        else if (kind === 1 && bytes.length > 0) bytes[pos] = rng.int(256);
        else if (kind === 2) bytes = splice(bytes, pos, [rng.int(256)]);
        else bytes = splice(bytes, pos, [], 1);
      }
      return bytes;
    }
    case "huge-length":
      return splice(seed, at(seed), rng.pick(HUGE_VARINTS), rng.int(3));
    case "bad-utf8":
      return splice(seed, at(seed), rng.pick(BAD_UTF8));
    case "deep-nesting": {
      // Openers that nest in each format: JSON brackets, a protobuf field 5 message, an Avro
      // block count, an SSE line that never ends.
      const depth = 1000 + rng.int(20_000);
      const unit = rng.pick([[0x5b], [0x7b, 0x22, 0x61, 0x22, 0x3a], [0x2a, 0x80, 0x01], [0x02], [0x0b], [0x61]]);
      const opener = new Uint8Array(depth * unit.length);
      for (let i = 0; i < depth; i++) opener.set(unit, i * unit.length);
      return splice(seed, at(seed), opener);
    }
  }
}

/** The decoders under attack, each with valid seeds made from the example envelopes. */
export function targets(codecs: Record<CodecName, Codec>): Target[] {
  const envelopes = Array.from({ length: 8 }, (_, i) => Object.values(exampleEnvelopes(i + 1)) as Envelope[]).flat();
  const list: Target[] = CODEC_NAMES.map((name) => ({
    name,
    seeds: envelopes.map((e) => codecs[name].encode(e)),
    run: (input: Uint8Array) => codecs[name].decode(input),
  }));
  const sse = envelopes.map((e) => new TextEncoder().encode(frameEnvelope(e, codecs.json)));
  list.push({
    name: "sse-parser",
    seeds: sse,
    run: (input, rng) => {
      const messages: unknown[] = [];
      const parser = createSseParser({ onMessage: (m) => messages.push(m) }, { maxEventBytes: 64 * 1024 });
      for (const chunk of chunks(input, rng)) parser.feed(chunk);
      parser.end();
      return messages;
    },
  });
  for (const name of CODEC_NAMES) {
    list.push({
      name: `decodeEnvelopes(${name})`,
      seeds: envelopes.map((e) => new TextEncoder().encode(frameEnvelope(e, codecs[name]))),
      run: async (input, rng) => {
        const out: Envelope[] = [];
        for await (const e of decodeEnvelopes(asyncChunks(chunks(input, rng)), codecs[name], {
          maxEventBytes: 64 * 1024,
        })) {
          out.push(e);
        }
        return out;
      },
    });
  }
  list.push(...interopTargets(codecs, envelopes));
  return list;
}

/**
 * The interop readers: a structured CloudEvent over HTTP (Avro data in `data_base64`), and a
 * Kafka value in the Confluent framing (message indexes, then the Protobuf data).
 */
function interopTargets(codecs: Record<CodecName, Codec>, envelopes: readonly Envelope[]): Target[] {
  const utf8 = new TextEncoder();
  const orders = envelopes.filter((e) => e.event_type === "order_placed");
  return [
    {
      name: "fromHttp(structured, avro)",
      seeds: envelopes.map((e) => utf8.encode(String(toHttp(e, codecs.avro, { mode: "structured" }).body))),
      run: (input) =>
        fromHttp(
          { headers: { "content-type": "application/cloudevents+json" }, body: new TextDecoder().decode(input) },
          codecs.avro,
        ),
    },
    {
      name: "kafka value(protobuf)",
      seeds: orders.map((e) => frameValue(1, [0], codecs.protobuf.encodeData("order_placed", e.data))),
      run: (input) => codecs.protobuf.decodeData("order_placed", unframeValue(input, true, "order_placed").data),
    },
  ];
}

function chunks(input: Uint8Array, rng: Rng): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < input.length) {
    const size = 1 + rng.int(Math.min(64, input.length - pos));
    out.push(input.subarray(pos, pos + size));
    pos += size;
  }
  return out;
}

async function* asyncChunks(list: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* list;
}

/** What a campaign found. */
export interface CampaignResult {
  readonly target: string;
  readonly cases: number;
  readonly refused: number;
  readonly accepted: number;
  /** Cases that threw something other than an EnvelopeError: each one is a bug. */
  readonly failures: { strategy: Strategy; input: string; error: string }[];
  readonly slowestMs: number;
}

/** Runs `cases` hostile inputs (spread over the strategies) against `target`. */
export async function attack(
  target: Target,
  cases: number,
  seed: number,
  onProgress?: (done: number) => void,
): Promise<CampaignResult> {
  const rng = new Rng(seed);
  const failures: CampaignResult["failures"] = [];
  let refused = 0;
  let accepted = 0;
  let slowestMs = 0;
  for (let i = 0; i < cases; i++) {
    const strategy = STRATEGIES[i % STRATEGIES.length] as Strategy;
    const input = makeCase(target, strategy, rng);
    const started = performance.now();
    try {
      await target.run(input, rng);
      accepted++;
    } catch (error) {
      if (isEnvelopeError(error)) refused++;
      else if (failures.length < 20) {
        failures.push({ strategy, input: Buffer.from(input).toString("base64"), error: String(error) });
      }
    }
    slowestMs = Math.max(slowestMs, performance.now() - started);
    if (onProgress !== undefined && (i + 1) % 100_000 === 0) onProgress(i + 1);
  }
  return { target: target.name, cases, refused, accepted, failures, slowestMs };
}
