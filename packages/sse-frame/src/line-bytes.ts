import type { EventLimit } from "./event-limit.js";
import { asciiText, lastIndexOfByte } from "./utf8.js";

const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;
const STREAM = { stream: true };

/**
 * The byte side of the parser: skips the LF of a CRLF split between chunks, finds the last line
 * end of each chunk in its bytes (so byte counts are exact), decodes what comes before it at once,
 * and keeps what comes after it as text (a line that has not ended). That text joins the next
 * chunk's first line only: the rest of a chunk is never copied. One leading BOM is stripped from
 * the first text (its bytes may come in several chunks; the decoder holds them until whole).
 */
export class LineBytes {
  /** Decoded text of a line that has not ended yet, and its UTF-8 bytes. */
  private pending = "";
  private pendingBytes = 0;
  private atStart = true;
  private afterCR = false;
  /** Where the rest of the last chunk, after its last line end, starts. */
  private restStart = 0;
  /** The stream's UTF-8 decoder (invalid bytes as U+FFFD), made at the first text that is not ASCII. */
  private decoder: TextDecoder | undefined;
  /** The decoder may hold the start of a sequence that the next bytes finish. */
  private holds = false;
  private readonly limit: EventLimit;
  // The next three are set by `takeLines` before anyone reads them: declared, not initialised,
  // which keeps the parser's bundle inside its 2 KB budget.
  /** Set by `takeLines`: the pending line, ended in this chunk, with its line end ("" when none). */
  declare first: string;
  /**
   * Set by `takeLines`: UTF-8 bytes of `first` and the text it returned, together. When they
   * have as many characters as bytes, every character is one byte (ASCII, or an invalid byte).
   */
  declare textBytes: number;
  /** Set by `takeLines`: `first` or the text holds a CR. */
  declare hasCR: boolean;

  constructor(limit: EventLimit) {
    this.limit = limit;
  }

  /** The chunk's complete lines after `first`, decoded; undefined when no line ended in it. */
  takeLines(chunk: Uint8Array): string | undefined {
    let pos = 0;
    if (this.afterCR && chunk.length > 0) {
      this.afterCR = false;
      if (chunk[0] === LF) pos = 1;
    }
    // Most chunks end at or near a line end: a short look back, then Buffer's native search
    // for a chunk whose last line ends far from its end.
    let lastEnd = chunk.length - 1;
    while (lastEnd >= pos && chunk[lastEnd] !== LF && chunk[lastEnd] !== CR) {
      if (chunk.length - lastEnd > 64) {
        lastEnd = Math.max(lastIndexOfByte.call(chunk, LF), lastIndexOfByte.call(chunk, CR));
        break;
      }
      lastEnd--;
    }
    this.restStart = Math.max(pos, lastEnd + 1);
    if (lastEnd < pos) return undefined;
    this.afterCR = chunk[lastEnd] === CR && lastEnd === chunk.length - 1;
    let text = this.decode(chunk, pos, lastEnd + 1);
    // The pending text never holds a CR (it follows the last line end of its chunk).
    this.hasCR = text.indexOf("\r") !== -1;
    this.textBytes = this.pendingBytes + lastEnd + 1 - pos;
    // The pending line ends at the first LF, or earlier at a CR: then the parser sees a CR in
    // `first` and splits it as it splits any text with CRs.
    const end = this.pending === "" ? 0 : text.indexOf("\n") + 1 || text.length;
    this.first = this.pending + text.slice(0, end);
    text = text.slice(end);
    this.discard();
    return text;
  }

  /** Keeps what follows the last line end of `chunk` (the chunk `takeLines` saw last). */
  keepRest(chunk: Uint8Array): void {
    if (this.restStart >= chunk.length) return;
    this.pending += this.decode(chunk, this.restStart, chunk.length);
    this.pendingBytes += chunk.length - this.restStart;
    // A first line may start with a BOM's 3 bytes, which are not counted once it is decoded.
    if (this.pendingBytes > this.limit.max + (this.atStart ? 3 : 0)) this.limit.fail("line");
  }

  /** The stream is over: an unterminated line is dropped. */
  discard(): void {
    this.pending = "";
    this.pendingBytes = 0;
  }

  /** Decodes `chunk[start, end)` (not empty); the first text of the stream loses a leading BOM (and its 3 bytes). */
  private decode(chunk: Uint8Array, start: number, end: number): string {
    const part = start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end);
    let text = this.holds ? undefined : asciiText(part);
    if (text === undefined) {
      // Only a part that ends in a byte over 0x7F can leave a sequence unfinished.
      this.holds = (part[part.length - 1] as number) > 0x7f;
      this.decoder ??= new TextDecoder("utf-8", { ignoreBOM: true });
      text = this.decoder.decode(part, STREAM);
    }
    if (!this.atStart || text === "") return text;
    this.atStart = false;
    if (text.charCodeAt(0) !== BOM) return text;
    this.pendingBytes -= 3;
    return text.slice(1);
  }
}
