import type { EventLimit } from "./event-limit.js";
import { decodeUtf8 } from "./utf8.js";

const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

/**
 * The byte side of the parser: skips the LF of a CRLF split between chunks, keeps the bytes of a
 * line that has not ended, decodes everything up to the last line end of a chunk at once, and
 * strips one leading BOM from the first text (its bytes may come in several chunks; they are part
 * of the first line, so they are always decoded together).
 */
export class LineBytes {
  /** Bytes of a line that has not ended yet, from earlier chunks (copied: callers reuse buffers). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private atStart = true;
  private afterCR = false;
  /** Where the rest of the last chunk, after its last line end, starts. */
  private restStart = 0;
  /** UTF-8 bytes of the text that `takeLines` returned last. */
  textBytes = 0;
  private readonly limit: EventLimit;

  constructor(limit: EventLimit) {
    this.limit = limit;
  }

  /** The chunk's complete lines with earlier pending bytes, decoded; undefined when none ended. */
  takeLines(chunk: Uint8Array): string | undefined {
    let pos = 0;
    if (this.afterCR && chunk.length > 0) {
      this.afterCR = false;
      if (chunk[0] === LF) pos = 1;
    }
    let lastEnd = chunk.length - 1;
    while (lastEnd >= pos && chunk[lastEnd] !== LF && chunk[lastEnd] !== CR) lastEnd--;
    if (lastEnd < pos) {
      this.restStart = pos;
      return undefined;
    }
    this.restStart = lastEnd + 1;
    this.afterCR = chunk[lastEnd] === CR && lastEnd === chunk.length - 1;
    this.textBytes = this.pendingBytes + lastEnd + 1 - pos;
    const text =
      this.pendingBytes === 0
        ? decodeUtf8(chunk, pos, lastEnd + 1)
        : this.decodeWithPending(chunk.subarray(pos, lastEnd + 1));
    if (!this.atStart) return text;
    this.atStart = false;
    if (text.charCodeAt(0) !== BOM) return text;
    this.textBytes -= 3;
    return text.slice(1);
  }

  /** Keeps what follows the last line end of `chunk` (the chunk `takeLines` saw last). */
  keepRest(chunk: Uint8Array): void {
    if (this.restStart >= chunk.length) return;
    this.pendingBytes += chunk.length - this.restStart;
    // A first line may start with a BOM's 3 bytes, which are not counted once it is decoded.
    if (this.pendingBytes > this.limit.max + (this.atStart ? 3 : 0)) this.limit.fail("line");
    this.pending.push(chunk.slice(this.restStart));
  }

  /** The stream is over: an unterminated line is dropped. */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }

  private decodeWithPending(tail: Uint8Array): string {
    const joined = new Uint8Array(this.pendingBytes + tail.length);
    let offset = 0;
    for (const part of this.pending) {
      joined.set(part, offset);
      offset += part.length;
    }
    joined.set(tail, offset);
    this.pending = [];
    this.pendingBytes = 0;
    return decodeUtf8(joined, 0, joined.length);
  }
}
