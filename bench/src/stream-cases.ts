// Framing and parsing SSE, and the whole way from envelope to envelope. The parse cases read
// one stream of JSON frames per type: pure ASCII for the first four types, mixed scripts (CJK,
// Cyrillic, emoji) for the last three.
import type { Envelope } from "@eventwire/envelope-core";
import { createSseParser, frameEnvelope } from "@eventwire/sse-frame";
import type { AddCase, CaseContext } from "./case-context.js";
import { CODEC_NAMES, type ExampleType } from "./fixtures.js";
import { each } from "./measure.js";

/**
 * Bytes as a network hands them over: TLS records and HTTP/2 DATA frames carry at most 16 KiB,
 * and an odd size makes lines and UTF-8 sequences straddle the chunk boundaries.
 */
export const CHUNK_BYTES = 16_381;

export function streamCases(type: ExampleType, pool: Envelope[], context: CaseContext, add: AddCase): void {
  const json = context.codecs.json;
  add(
    "frame",
    "template string (raw)",
    each(pool, (e) => `id: ${e.event_id}\nevent: ${e.event_type}\ndata: ${JSON.stringify(e)}\n\n`),
  );
  for (const name of CODEC_NAMES) {
    const codec = context.codecs[name];
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

  const text = pool.map((e) => frameEnvelope(e, json)).join("");
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) chunks.push(bytes.subarray(at, at + CHUNK_BYTES));
  const createParser = context.eventsourceParser;
  add("parse", "eventsource-parser text (peer)", () => {
    let count = 0;
    createParser({ onEvent: () => count++ }).feed(text);
    return count;
  });
  add(
    "parse",
    "sse-frame text",
    () => {
      let count = 0;
      const parser = createSseParser({ onMessage: () => count++ });
      parser.feed(text);
      parser.end();
      return count;
    },
    { baseline: `parse/${type}/eventsource-parser text (peer)` },
  );
  add("parse", "TextDecoder stream + eventsource-parser (peer)", () => {
    let count = 0;
    const parser = createParser({ onEvent: () => count++ });
    const decoder = new TextDecoder();
    for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
    parser.feed(decoder.decode());
    return count;
  });
  add(
    "parse",
    "sse-frame bytes",
    () => {
      let count = 0;
      const parser = createSseParser({ onMessage: () => count++ });
      for (const chunk of chunks) parser.feed(chunk);
      parser.end();
      return count;
    },
    { baseline: `parse/${type}/TextDecoder stream + eventsource-parser (peer)` },
  );

  for (const name of CODEC_NAMES) {
    const codec = context.codecs[name];
    add(
      "end-to-end",
      name,
      () => {
        const encoded = new TextEncoder().encode(pool.map((e) => frameEnvelope(e, codec)).join(""));
        const out: Envelope[] = [];
        const parser = createSseParser({
          onMessage: (m) =>
            out.push(
              codec.binary ? codec.decode(Buffer.from(m.data, "base64")) : (codec.decodeText?.(m.data) as Envelope),
            ),
        });
        parser.feed(encoded);
        parser.end();
        return out;
      },
      { codec: name },
    );
  }
}
