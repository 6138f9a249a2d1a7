import { EnvelopeError } from "@eventwire/envelope-core";
import type { SseHandlers, SseParser, SseParserOptions } from "./types.js";

/** The defaults of {@link SseParserOptions}. */
export const SSE_PARSER_DEFAULTS: Readonly<SseParserOptions> = Object.freeze({ maxEventBytes: 16 * 1024 * 1024 });

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;
// Node's Buffer decodes short lines several times faster than TextDecoder, with the same
// replacement of invalid bytes by U+FFFD; it is used when present, never required.
const nodeUtf8Slice: Utf8Slice | undefined = (globalThis as { Buffer?: { prototype: { utf8Slice?: Utf8Slice } } })
  .Buffer?.prototype.utf8Slice;
const lossyDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const textEncoder = new TextEncoder();

function decodeLine(bytes: Uint8Array, start: number, end: number): string {
  if (nodeUtf8Slice !== undefined) return nodeUtf8Slice.call(bytes, start, end);
  return lossyDecoder.decode(bytes.subarray(start, end));
}

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
  const maxEventBytes = options.maxEventBytes ?? SSE_PARSER_DEFAULTS.maxEventBytes;
  // Bytes of a line that has not ended yet, from earlier chunks.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let bomChecked = 0; // how many of the BOM's bytes have been matched at the start of the stream
  let afterCR = false; // the last byte seen was a CR, so a LF right after it ends nothing
  let eventBytes = 0;
  let data = "";
  let hasData = false;
  let eventType = "";
  let idBuffer = "";
  let lastEventId = "";
  let failure: EnvelopeError | undefined;

  const tooLarge = (size: number): never => {
    failure = new EnvelopeError(
      "LIMIT_EXCEEDED",
      `an SSE ${size === pendingBytes ? "line" : "event"} of over ${maxEventBytes} bytes (maxEventBytes)`,
    );
    throw failure;
  };

  const processLine = (line: string): void => {
    if (line === "") {
      dispatch();
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0) {
      handlers.onComment?.(line.charCodeAt(1) === 0x20 ? line.slice(2) : line.slice(1));
      return;
    }
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case "data":
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        return;
      case "event":
        eventType = value;
        return;
      case "id":
        if (!value.includes("\0")) idBuffer = value;
        return;
      case "retry":
        if (/^[0-9]+$/.test(value)) handlers.onRetry?.(Number(value));
        return;
      default:
        return;
    }
  };

  const dispatch = (): void => {
    lastEventId = idBuffer;
    eventBytes = 0;
    if (!hasData) {
      eventType = "";
      return;
    }
    const message = { event: eventType === "" ? "message" : eventType, data, lastEventId };
    data = "";
    hasData = false;
    eventType = "";
    handlers.onMessage(message);
  };

  /** Ends the line made of the pending bytes and `bytes[start, end)`. */
  const endLine = (bytes: Uint8Array, start: number, end: number): void => {
    const size = pendingBytes + end - start;
    if (size === 0) {
      dispatch();
      return;
    }
    // An event's size: its lines and their line ends, not the blank line that ends it.
    eventBytes += size + 1;
    if (size > maxEventBytes) tooLarge(pendingBytes);
    if (eventBytes > maxEventBytes) tooLarge(eventBytes);
    if (pendingBytes === 0) {
      processLine(decodeLine(bytes, start, end));
      return;
    }
    const line = new Uint8Array(size);
    let offset = 0;
    for (const part of pending) {
      line.set(part, offset);
      offset += part.length;
    }
    line.set(bytes.subarray(start, end), offset);
    pending = [];
    pendingBytes = 0;
    processLine(decodeLine(line, 0, size));
  };

  const feedBytes = (chunk: Uint8Array): void => {
    let pos = 0;
    // One leading BOM, whose bytes may arrive in several chunks.
    while (bomChecked < 3 && pos < chunk.length) {
      if (chunk[pos] !== BOM[bomChecked]) {
        if (bomChecked > 0) pending.push(Uint8Array.from(BOM.slice(0, bomChecked)));
        pendingBytes += bomChecked;
        bomChecked = 3;
        break;
      }
      bomChecked++;
      pos++;
    }
    if (afterCR && pos < chunk.length) {
      afterCR = false;
      if (chunk[pos] === LF) pos++;
    }
    let nextLF = chunk.indexOf(LF, pos);
    let nextCR = chunk.indexOf(CR, pos);
    while (pos < chunk.length) {
      if (nextLF < 0 && nextCR < 0) break;
      const isCR = nextCR >= 0 && (nextLF < 0 || nextCR < nextLF);
      const end = isCR ? nextCR : nextLF;
      endLine(chunk, pos, end);
      pos = end + 1;
      if (isCR) {
        if (pos === chunk.length) afterCR = true;
        else if (chunk[pos] === LF) pos++;
        nextCR = chunk.indexOf(CR, pos);
      }
      if (nextLF >= 0 && nextLF < pos) nextLF = chunk.indexOf(LF, pos);
    }
    if (pos < chunk.length) {
      const rest = chunk.length - pos;
      if (pendingBytes + rest > maxEventBytes) {
        pendingBytes += rest;
        tooLarge(pendingBytes);
      }
      // Copied: the caller may reuse its buffer once feed returns.
      pending.push(chunk.slice(pos));
      pendingBytes += rest;
    }
  };

  return {
    feed(chunk) {
      if (failure !== undefined) throw failure;
      if (typeof chunk === "string") feedBytes(textEncoder.encode(chunk));
      else if (chunk instanceof Uint8Array) feedBytes(chunk);
      else throw new TypeError("feed takes a Uint8Array or a string");
    },
    end() {
      // What has not ended in a blank line is not an event (WHATWG: "pending data is discarded").
      pending = [];
      pendingBytes = 0;
      data = "";
      hasData = false;
      eventType = "";
      eventBytes = 0;
    },
  };
}
