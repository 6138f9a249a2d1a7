import type { Codec, Envelope } from "@eventwire/envelope-core";
import { createSseParser, type SseMessage } from "@eventwire/sse-frame";
import { createExampleCodecs } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createFrameCache } from "../src/frames.js";
import { makeEnvelopes } from "./log-laws.js";

/** The JSON codec, counting its encodes. */
function countingJson(): { codec: Codec; encodes: () => number } {
  const { json } = createExampleCodecs();
  let encodes = 0;
  const codec = Object.create(json) as Codec;
  codec.encodeText = (envelope: Envelope) => {
    encodes++;
    return json.encodeText?.(envelope) as string;
  };
  return { codec, encodes: () => encodes };
}

const entries = makeEnvelopes(0, 20).map((envelope, i) => ({ position: String(i + 1).padStart(16, "0"), envelope }));

function parse(bytes: Uint8Array): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser({ onMessage: (m) => messages.push(m) });
  parser.feed(bytes);
  return messages;
}

describe("the frame cache", () => {
  it("encodes an entry once per format however many clients ask, and frames it with id = position", () => {
    const { codec, encodes } = countingJson();
    const cache = createFrameCache({ json: codec }, 1024 * 1024);
    const frames = Array.from({ length: 1000 }, () => cache.sse(entries[3] as never, "json"));
    expect(encodes()).toBe(1);
    expect(new Set(frames).size).toBe(1);
    expect(parse(frames[0] as Uint8Array)).toEqual([
      { event: entries[3]?.envelope.event_type, lastEventId: entries[3]?.position, data: expect.any(String) },
    ]);
  });

  it("keeps at most maxBytes of frames, oldest out first, and frames an evicted entry again when asked", () => {
    const { codec, encodes } = countingJson();
    const cache = createFrameCache({ json: codec }, 1);
    for (const entry of entries) cache.sse(entry as never, "json");
    const afterAll = encodes();
    // The newest is kept even though it alone is over the bound; the oldest was evicted.
    cache.sse(entries[19] as never, "json");
    expect(encodes()).toBe(afterAll);
    cache.sse(entries[0] as never, "json");
    expect(encodes()).toBe(afterAll + 1);
  });
});
