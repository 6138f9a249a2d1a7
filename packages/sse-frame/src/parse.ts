import { EventBuilder } from "./event-builder.js";
import { EventLimit } from "./event-limit.js";
import { LineBytes } from "./line-bytes.js";
import { splitCountedLines, splitLfLines } from "./split-lines.js";
import type { SseHandlers, SseParser, SseParserOptions } from "./types.js";
import { utf8Length } from "./utf8.js";

/** The defaults of {@link SseParserOptions}. */
export const SSE_PARSER_DEFAULTS: Readonly<SseParserOptions> = Object.freeze({ maxEventBytes: 2_097_152 });

const textEncoder = new TextEncoder();

/**
 * Makes a streaming Server-Sent Events parser that follows the WHATWG HTML rules: CR, LF and CRLF
 * line ends (also split between chunks), one leading BOM stripped, UTF-8 decoded across chunk
 * boundaries with invalid bytes as U+FFFD, `lastEventId` carried from event to event, an `id`
 * with NUL ignored, `retry` only when all ASCII digits, an unterminated event at the end dropped.
 * Lines are found in the bytes (CR and LF never occur inside a UTF-8 sequence), so the work is
 * linear in the input however it is chunked.
 *
 * @example
 * ```ts
 * const parser = createSseParser({ onMessage: (m) => console.log(m.event, m.data) });
 * for await (const chunk of response.body) parser.feed(chunk);
 * parser.end();
 * ```
 */
export function createSseParser(handlers: SseHandlers, options: Partial<SseParserOptions> = {}): SseParser {
  const limit = new EventLimit(options.maxEventBytes ?? SSE_PARSER_DEFAULTS.maxEventBytes);
  const lines = new LineBytes(limit);
  const event = new EventBuilder(handlers);
  const feedBytes = (chunk: Uint8Array): void => {
    const text = lines.takeLines(chunk);
    if (text !== undefined) splitText(lines.first, text, lines, event, limit);
    lines.keepRest(chunk);
  };
  return {
    feed(chunk) {
      if (limit.failure !== undefined) throw limit.failure;
      if (typeof chunk === "string") feedBytes(textEncoder.encode(chunk));
      else if (chunk instanceof Uint8Array) feedBytes(chunk);
      else throw new TypeError("feed takes bytes or a string");
    },
    end() {
      lines.discard();
      event.discard();
      limit.bytes = 0;
    },
  };
}

/**
 * Splits decoded text that ends with a line end (`first`, a line begun in earlier chunks, then
 * `text`). When the whole fits in what is left of the limit, no event in it can pass the limit,
 * so lines are not counted one by one (the hot path); only the bytes after its last blank line
 * are carried into the next chunk's count.
 */
function splitText(first: string, text: string, lines: LineBytes, event: EventBuilder, limit: EventLimit): void {
  const textBytes = lines.textBytes;
  const ascii = first.length + text.length === textBytes;
  if (limit.bytes + textBytes > limit.max || lines.hasCR) {
    splitCountedLines(first, event, limit, ascii);
    splitCountedLines(text, event, limit, ascii);
    return;
  }
  // Here `first` is "" or one line, not blank: it ends no event.
  splitLfLines(first, event);
  const afterBlank = splitLfLines(text, event);
  if (afterBlank === -1) limit.bytes += textBytes;
  else limit.bytes = ascii ? text.length - afterBlank : utf8Length(text, afterBlank, text.length);
}
