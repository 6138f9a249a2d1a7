/**
 * Output memory for encoders. A fresh `Uint8Array` costs far more than its bytes in Node (every
 * one gets its own zero-filled backing store), so small outputs are carved from a shared 64 KiB
 * slab, as Node's `Buffer` pool does: the returned arrays are views whose `.buffer` may hold other
 * outputs. Use `bytes.slice()` for an array of your own before transferring `.buffer`.
 */
const SLAB_SIZE = 64 * 1024;
const MAX_POOLED = 4 * 1024;

let slab = new Uint8Array(SLAB_SIZE);
let slabPos = 0;

/** `n` bytes for an encoder's output (contents unspecified until written). */
export function allocate(n: number): Uint8Array {
  if (n > MAX_POOLED) return new Uint8Array(n);
  if (slabPos + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const out = new Uint8Array(slab.buffer, slabPos, n);
  // Keep the next view 8-byte aligned, as typed-array views over it may need.
  slabPos = (slabPos + n + 7) & ~7;
  return out;
}

/** A copy of `source[start, end)` in encoder output memory. */
export function copyOut(source: Uint8Array, start: number, end: number): Uint8Array {
  const out = allocate(end - start);
  out.set(source.subarray(start, end));
  return out;
}

type Utf8Write = (this: Uint8Array, text: string, offset: number) => number;
const nodeUtf8Write: Utf8Write | undefined = (globalThis as { Buffer?: { prototype: { utf8Write?: Utf8Write } } })
  .Buffer?.prototype.utf8Write;
const encoder = new TextEncoder();

/**
 * `text` as UTF-8 in encoder output memory. Lone surrogates become U+FFFD, as in `TextEncoder`:
 * callers that must not change text check `isWellFormed()` first.
 */
export function encodeUtf8(text: string): Uint8Array {
  const room = text.length * 3;
  if (room > MAX_POOLED) return encoder.encode(text);
  if (slabPos + room > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const written =
    nodeUtf8Write !== undefined
      ? nodeUtf8Write.call(slab, text, slabPos)
      : encoder.encodeInto(text, slab.subarray(slabPos)).written;
  const out = new Uint8Array(slab.buffer, slabPos, written);
  slabPos = (slabPos + written + 7) & ~7;
  return out;
}
