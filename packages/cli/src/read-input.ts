import { EnvelopeError } from "@eventwire/envelope-core";

/** A byte stream with a look at its first bytes, for recognising the format before reading on. */
export interface PeekedInput {
  readonly head: Uint8Array;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/** Reads until at least `size` bytes (or the end) are buffered, and returns them with the rest. */
export async function peekInput(source: AsyncIterable<Uint8Array>, size: number): Promise<PeekedInput> {
  const iterator = source[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    first.push(next.value);
    length += next.value.length;
  }
  const head = concat(first, length);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, chunks: chunks() };
}

/** The whole input, refused with `LIMIT_EXCEEDED` as soon as it passes `maxBytes`. */
export async function readAll(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    if (length > maxBytes) throw new EnvelopeError("LIMIT_EXCEEDED", `the input is over ${maxBytes} bytes`);
    parts.push(chunk);
  }
  return concat(parts, length);
}

/** The lines of a UTF-8 input (LF or CRLF), numbered from 1; a line over `maxBytes` is `LIMIT_EXCEEDED`. */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<{ text: string; number: number }> {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let pending = "";
  let number = 0;
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let end = pending.indexOf("\n");
    while (end >= 0) {
      number++;
      yield { text: pending.slice(0, end).replace(/\r$/, ""), number };
      pending = pending.slice(end + 1);
      end = pending.indexOf("\n");
    }
    if (pending.length > maxBytes) {
      throw new EnvelopeError("LIMIT_EXCEEDED", `line ${number + 1} is over ${maxBytes} bytes`);
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) yield { text: pending.replace(/\r$/, ""), number: number + 1 };
}

/**
 * The envelopes of a length-delimited binary stream: each one's size as an unsigned LEB128
 * varint (Protobuf's `writeDelimited` convention), then its bytes.
 */
export async function* readDelimited(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let buffer: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    buffer = concat([buffer, chunk], buffer.length + chunk.length);
    for (let frame = takeFrame(buffer, maxBytes); frame !== undefined; frame = takeFrame(buffer, maxBytes)) {
      buffer = buffer.subarray(frame.end);
      yield frame.bytes;
    }
  }
  if (buffer.length > 0) throw new EnvelopeError("MALFORMED", `the input ends inside a length-delimited envelope`);
}

function takeFrame(buffer: Uint8Array, maxBytes: number): { bytes: Uint8Array; end: number } | undefined {
  let size = 0;
  for (let i = 0; i < 5; i++) {
    const byte = buffer[i];
    if (byte === undefined) return undefined;
    size += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) {
      if (size > maxBytes)
        throw new EnvelopeError("LIMIT_EXCEEDED", `a delimited envelope of ${size} bytes is over ${maxBytes}`);
      const end = i + 1 + size;
      return end <= buffer.length ? { bytes: buffer.slice(i + 1, end), end } : undefined;
    }
  }
  throw new EnvelopeError("MALFORMED", "a length prefix is longer than 5 bytes");
}

/** `bytes` with its size in front as an unsigned LEB128 varint. */
export function delimit(bytes: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let size = bytes.length;
  while (size >= 0x80) {
    prefix.push((size & 0x7f) | 0x80);
    size = Math.floor(size / 0x80);
  }
  prefix.push(size);
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix);
  out.set(bytes, prefix.length);
  return out;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
