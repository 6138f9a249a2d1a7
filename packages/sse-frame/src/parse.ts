import { EnvelopeError } from "@eventwire/envelope-core";
import type { SseHandlers, SseParser, SseParserOptions } from "./types.js";

/** The defaults of {@link SseParserOptions}. */
export const SSE_PARSER_DEFAULTS: Readonly<SseParserOptions> = Object.freeze({ maxEventBytes: 2 * 1024 * 1024 });

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
  const { onMessage, onRetry, onComment } = handlers;
  // Bytes of a line that has not ended yet, from earlier chunks.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let bomChecked = 0; // how many of the BOM's bytes have been matched at the start of the stream
  let afterCR = false; // the last byte seen was a CR, so a LF right after it ends nothing
  let eventBytes = 0; // UTF-8 bytes of the current event's lines and their line ends
  let ascii = true; // the text being split came from as many bytes as it has characters
  let data = "";
  let hasData = false;
  let eventType = "";
  let idBuffer = "";
  let lastEventId = "";
  let failure: EnvelopeError | undefined;

  const fail = (what: "line" | "event"): never => {
    failure = new EnvelopeError("LIMIT_EXCEEDED", `an SSE ${what} of over ${maxEventBytes} bytes (maxEventBytes)`);
    throw failure;
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
    onMessage(message);
  };

  /** One line, `text[start, end)`, not empty. */
  const processLine = (text: string, start: number, end: number): void => {
    // Pure ASCII text (the usual case) has one byte a character; otherwise count.
    const bytes = ascii ? end - start : utf8Length(text, start, end);
    eventBytes += bytes + 1;
    if (eventBytes > maxEventBytes) fail(bytes > maxEventBytes ? "line" : "event");
    const first = text.charCodeAt(start);
    if (first === COLON) {
      if (onComment !== undefined)
        onComment(text.slice(text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1, end));
      return;
    }
    // The field name ends at the first colon; the value starts after it and one optional space.
    let colon = start;
    while (colon < end && text.charCodeAt(colon) !== COLON) colon++;
    const valueStart = colon === end ? end : text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    switch (colon - start) {
      case 4:
        if (first === 0x64 && text.startsWith("data", start)) {
          const value = text.slice(valueStart, end);
          data = hasData ? `${data}\n${value}` : value;
          hasData = true;
        }
        return;
      case 5:
        if (first === 0x65 && text.startsWith("event", start)) {
          eventType = text.slice(valueStart, end);
        } else if (first === 0x72 && text.startsWith("retry", start)) {
          const value = text.slice(valueStart, end);
          if (onRetry !== undefined && /^[0-9]+$/.test(value)) onRetry(Number(value));
        }
        return;
      case 2:
        if (first === 0x69 && text.charCodeAt(start + 1) === 0x64) {
          const value = text.slice(valueStart, end);
          if (value.indexOf("\0") === -1) idBuffer = value;
        }
        return;
      default:
        return;
    }
  };

  /** Splits decoded text that ends with a line end into lines: this loop is the hot path. */
  const processText = (text: string): void => {
    if (text.indexOf("\r") >= 0) {
      processTextWithCR(text);
      return;
    }
    // The usual stream has only LF line ends, and its usual line is `data:`, handled inline.
    let pos = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", pos)) {
      if (end === pos) {
        dispatch();
      } else if (ascii && isDataLine(text, pos) && eventBytes + end - pos < maxEventBytes) {
        eventBytes += end - pos + 1;
        const value = text.slice(text.charCodeAt(pos + 5) === SPACE ? pos + 6 : pos + 5, end);
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
      } else if (ascii && isIdLine(text, pos) && eventBytes + end - pos < maxEventBytes) {
        eventBytes += end - pos + 1;
        const value = text.slice(text.charCodeAt(pos + 3) === SPACE ? pos + 4 : pos + 3, end);
        if (value.indexOf("\0") === -1) idBuffer = value;
      } else if (ascii && isEventLine(text, pos) && eventBytes + end - pos < maxEventBytes) {
        eventBytes += end - pos + 1;
        eventType = text.slice(text.charCodeAt(pos + 6) === SPACE ? pos + 7 : pos + 6, end);
      } else {
        processLine(text, pos, end);
      }
      pos = end + 1;
    }
  };

  const processTextWithCR = (text: string): void => {
    let pos = 0;
    const length = text.length;
    let nextLF = text.indexOf("\n");
    let nextCR = text.indexOf("\r");
    while (pos < length) {
      const isCR = nextCR >= 0 && (nextLF < 0 || nextCR < nextLF);
      const end = isCR ? nextCR : nextLF;
      if (end < 0) break;
      if (end === pos) dispatch();
      else processLine(text, pos, end);
      pos = end + 1;
      if (isCR) {
        if (text.charCodeAt(pos) === LF_CODE) pos++;
        nextCR = text.indexOf("\r", pos);
      }
      if (nextLF >= 0 && nextLF < pos) nextLF = text.indexOf("\n", pos);
    }
  };

  const feedBytes = (chunk: Uint8Array): void => {
    let pos = 0;
    // One leading BOM, whose bytes may arrive in several chunks.
    while (bomChecked < 3 && pos < chunk.length) {
      if (chunk[pos] !== BOM[bomChecked]) {
        if (bomChecked > 0) {
          pending.push(Uint8Array.from(BOM.slice(0, bomChecked)));
          pendingBytes += bomChecked;
        }
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
    // Everything up to the last line end is decoded at once; CR and LF never occur inside a
    // UTF-8 sequence, so cutting there splits no character.
    let lastEnd = chunk.length - 1;
    while (lastEnd >= pos && chunk[lastEnd] !== LF && chunk[lastEnd] !== CR) lastEnd--;
    if (lastEnd >= pos) {
      const pendingBytesBefore = pendingBytes;
      let text: string;
      if (pendingBytes === 0) {
        text = decodeLine(chunk, pos, lastEnd + 1);
      } else {
        const joined = new Uint8Array(pendingBytes + lastEnd + 1 - pos);
        let offset = 0;
        for (const part of pending) {
          joined.set(part, offset);
          offset += part.length;
        }
        joined.set(chunk.subarray(pos, lastEnd + 1), offset);
        pending = [];
        pendingBytes = 0;
        text = decodeLine(joined, 0, joined.length);
      }
      afterCR = chunk[lastEnd] === CR && lastEnd === chunk.length - 1;
      ascii = text.length === lastEnd + 1 - pos + pendingBytesBefore;
      processText(text);
      pos = lastEnd + 1;
    }
    if (pos < chunk.length) {
      const rest = chunk.length - pos;
      pendingBytes += rest;
      if (pendingBytes > maxEventBytes) fail("line");
      // Copied: the caller may reuse its buffer once feed returns.
      pending.push(chunk.slice(pos));
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

const COLON = 0x3a;

/** `id:` at `pos`. */
function isIdLine(text: string, pos: number): boolean {
  return text.charCodeAt(pos) === 0x69 && text.charCodeAt(pos + 1) === 0x64 && text.charCodeAt(pos + 2) === COLON;
}

/** `event:` at `pos`. */
function isEventLine(text: string, pos: number): boolean {
  return (
    text.charCodeAt(pos) === 0x65 &&
    text.charCodeAt(pos + 1) === 0x76 &&
    text.charCodeAt(pos + 2) === 0x65 &&
    text.charCodeAt(pos + 3) === 0x6e &&
    text.charCodeAt(pos + 4) === 0x74 &&
    text.charCodeAt(pos + 5) === COLON
  );
}

/** `data:` at `pos`. */
function isDataLine(text: string, pos: number): boolean {
  return (
    text.charCodeAt(pos) === 0x64 &&
    text.charCodeAt(pos + 1) === 0x61 &&
    text.charCodeAt(pos + 2) === 0x74 &&
    text.charCodeAt(pos + 3) === 0x61 &&
    text.charCodeAt(pos + 4) === COLON
  );
}

const SPACE = 0x20;
const LF_CODE = 0x0a;

/** UTF-8 bytes of `text[start, end)`. */
function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
