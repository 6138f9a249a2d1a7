import { copyOut } from "./alloc.js";

/**
 * A growable output buffer for binary codecs, reused from one encode to the next so that an
 * encode allocates only the copy it returns.
 */
export class Sink {
  bytes = new Uint8Array(64 * 1024);
  pos = 0;

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + n));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  /** A copy of what was written, in encoder output memory (see `allocate`). */
  take(): Uint8Array {
    return copyOut(this.bytes, 0, this.pos);
  }
}

/** A position in an input that readers move forward. */
export class Cursor {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
}
