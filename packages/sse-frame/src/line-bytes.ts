import type { EventLimit } from "./event-limit.js";
import { decodeUtf8 } from "./utf8.js";

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * The byte side of the parser: strips one leading BOM (its bytes may come in several chunks),
 * skips the LF of a CRLF split between chunks, keeps the bytes of a line that has not ended, and
 * decodes everything up to the last line end of a chunk at once.
 */
export class LineBytes {
  /** Bytes of a line that has not ended yet, from earlier chunks (copied: callers reuse buffers). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private bomMatched = 0;
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
    let pos = this.skipBom(chunk);
    if (this.afterCR && pos < chunk.length) {
      this.afterCR = false;
      if (chunk[pos] === LF) pos++;
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
    if (this.pendingBytes === 0) return decodeUtf8(chunk, pos, lastEnd + 1);
    const joined = this.joinPending(chunk.subarray(pos, lastEnd + 1));
    return decodeUtf8(joined, 0, joined.length);
  }

  /** Keeps what follows the last line end of `chunk` (the chunk `takeLines` saw last). */
  keepRest(chunk: Uint8Array): void {
    if (this.restStart >= chunk.length) return;
    this.pendingBytes += chunk.length - this.restStart;
    if (this.pendingBytes > this.limit.max) this.limit.fail("line");
    this.pending.push(chunk.slice(this.restStart));
  }

  /** The stream is over: an unterminated line is dropped. */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }

  private skipBom(chunk: Uint8Array): number {
    let pos = 0;
    while (this.bomMatched < 3 && pos < chunk.length) {
      if (chunk[pos] !== BOM[this.bomMatched]) {
        // Not a BOM after all: the bytes matched so far are text.
        if (this.bomMatched > 0) {
          this.pending.push(Uint8Array.from(BOM.slice(0, this.bomMatched)));
          this.pendingBytes += this.bomMatched;
        }
        this.bomMatched = 3;
        break;
      }
      this.bomMatched++;
      pos++;
    }
    return pos;
  }

  private joinPending(tail: Uint8Array): Uint8Array {
    const joined = new Uint8Array(this.pendingBytes + tail.length);
    let offset = 0;
    for (const part of this.pending) {
      joined.set(part, offset);
      offset += part.length;
    }
    joined.set(tail, offset);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }
}
