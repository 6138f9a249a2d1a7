import { type Codec, type Envelope, EnvelopeError, isEnvelopeError, isTextCodec } from "@eventwire/envelope-core";
import { toEnvelopeError } from "@eventwire/envelope-core/wire";
import { decodeBase64 } from "./base64.js";
import { createSseParser } from "./parse.js";
import type { SseMessage, SseParserOptions } from "./types.js";

/** Options of {@link decodeEnvelopes}. */
export interface DecodeEnvelopesOptions extends SseParserOptions {
  /** Called for each `retry:` the server sends. */
  onRetry?(milliseconds: number): void;
}

/**
 * Turns an SSE byte stream (a `fetch` response body, or any async iterable of bytes) into the
 * envelopes its frames carry, decoded with `codec` (text codecs from the `data:` text, binary
 * codecs from its base64). Comments and `retry:` lines are not envelopes and are skipped. A frame
 * that does not hold a valid envelope, or whose `event:` name differs from the envelope's
 * `event_type`, ends the stream with an `EnvelopeError` that names the event's position and id.
 *
 * @example
 * ```ts
 * const response = await fetch("/events?format=json");
 * for await (const envelope of decodeEnvelopes(response.body, jsonCodec)) handle(envelope);
 * ```
 */
export async function* decodeEnvelopes<TData, TEnvelope extends Envelope<TData>>(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  codec: Codec<TData, TEnvelope>,
  options: Partial<DecodeEnvelopesOptions> = {},
): AsyncGenerator<TEnvelope, void, undefined> {
  const queue: SseMessage[] = [];
  const parser = createSseParser(
    { onMessage: (message) => queue.push(message), ...(options.onRetry ? { onRetry: options.onRetry } : {}) },
    options,
  );
  let position = 0;
  const decodeFrame = (message: SseMessage): TEnvelope => {
    position++;
    try {
      const envelope = isTextCodec(codec) ? codec.decodeText(message.data) : codec.decode(decodeBase64(message.data));
      if (message.event !== "message" && message.event !== envelope.event_type) {
        throw new EnvelopeError(
          "INVALID_ENVELOPE",
          `the frame's event ${JSON.stringify(message.event)} is not the envelope's event_type`,
          {
            path: "/event_type",
            eventType: envelope.event_type,
          },
        );
      }
      return envelope;
    } catch (error) {
      throw atFrame(error, position, message);
    }
  };
  for await (const chunk of iterate(source)) {
    parser.feed(chunk);
    while (queue.length > 0) yield decodeFrame(queue.shift() as SseMessage);
  }
  parser.end();
}

async function* iterate(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (!("getReader" in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // A consumer that stops early (break, an error) cancels the stream, closing the connection,
    // as for-await over a ReadableStream does.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function atFrame(error: unknown, position: number, message: SseMessage): EnvelopeError {
  const inner = isEnvelopeError(error) ? error : toEnvelopeError(error, "MALFORMED");
  return new EnvelopeError(
    inner.code,
    `SSE event ${position} (id ${JSON.stringify(message.lastEventId)}): ${inner.reason}`,
    {
      path: inner.path,
      eventType: inner.eventType,
      cause: error,
    },
  );
}
