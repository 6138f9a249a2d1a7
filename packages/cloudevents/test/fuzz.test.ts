import { type Envelope, isEnvelopeError } from "@eventwire/envelope-core";
import { mutate, mutationArbitrary } from "@eventwire/envelope-core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromCloudEvent,
  fromHttp,
  fromKafka,
  type HttpMessage,
  type KafkaMessage,
  toHttp,
  toKafka,
} from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";

// Fixed seeds and stated runs: the same inputs in every run.
const RUNS = 300;
// A generous bound for a busy machine (eight test runs share two cores), not a timing.
const TIMEOUT = 60_000;
const utf8 = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/** Passes when `read` returns an envelope or throws an EnvelopeError; anything else fails. */
function readsOrRefuses(read: () => Envelope): void {
  try {
    read();
  } catch (error) {
    if (!isEnvelopeError(error))
      throw new Error(`threw ${String(error)} instead of an EnvelopeError`, { cause: error });
  }
}

const mutations = fc.array(mutationArbitrary(), { minLength: 1, maxLength: 4 });
const example = fc.constantFrom(...envelopes);
const mode = fc.constantFrom("binary" as const, "structured" as const);

/** One header value of the message replaced by its bytes, mutated, read as Latin-1 (as Node does). */
function mutateHeader(headers: Record<string, string>, pick: number, changes: Parameters<typeof mutate>[1]) {
  const names = Object.keys(headers);
  const name = names[pick % names.length] as string;
  return { ...headers, [name]: latin1.decode(mutate(utf8.encode(headers[name] ?? ""), changes)) };
}

describe.each(codecs.map((codec) => [codec.name, codec] as const))("%s codec", (_, codec) => {
  it(
    `fromHttp: mutated bodies and header values give an envelope or an EnvelopeError (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(example, mode, mutations, mutations, fc.nat(), (envelope, m, body, header, pick) => {
          const message = toHttp(envelope, codec, { mode: m });
          const bytes = typeof message.body === "string" ? utf8.encode(message.body) : message.body;
          const mutated: HttpMessage = {
            headers: mutateHeader(message.headers, pick, header),
            body: mutate(bytes, body),
          };
          readsOrRefuses(() => fromHttp(mutated, codec));
        }),
        { seed: 1304, numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `fromKafka: mutated values and header bytes give an envelope or an EnvelopeError (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(example, mode, mutations, mutations, fc.nat(), (envelope, m, value, header, pick) => {
          const message = toKafka(envelope, codec, { mode: m });
          const names = Object.keys(message.headers);
          const name = names[pick % names.length] as string;
          const headers = { ...message.headers, [name]: mutate(utf8.encode(String(message.headers[name])), header) };
          const mutated: KafkaMessage = { ...message, headers, value: mutate(message.value, value) };
          readsOrRefuses(() => fromKafka(mutated, codec));
        }),
        { seed: 1305, numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `fromCloudEvent: any JSON value, alone or as an attribute, gives an envelope or an EnvelopeError (${RUNS} runs)`,
    () => {
      const attribute = fc.constantFrom(
        "id",
        "source",
        "type",
        "specversion",
        "time",
        "datacontenttype",
        "data",
        "data_base64",
        "x",
      );
      fc.assert(
        fc.property(fc.jsonValue(), example, attribute, (value, envelope, name) => {
          readsOrRefuses(() => fromCloudEvent(value as object, codec));
          const event = JSON.parse(toHttp(envelope, codec, { mode: "structured" }).body as string);
          readsOrRefuses(() => fromCloudEvent({ ...event, [name]: value }, codec));
        }),
        { seed: 1306, numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

it("an unmutated message reads back to its envelope, so the fuzz starts from valid input", () => {
  const [codec] = codecs;
  const envelope = envelopes[0] as Envelope;
  expect(fromHttp(toHttp(envelope, codec as never), codec as never)).toEqual(envelope);
});
