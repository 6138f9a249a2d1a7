// Decoding the bytes of whole lines. The choice is made once, by what the runtime offers (never by
// its version). Figures: thousands of decodes per CPU second of a 22-28 KB stream of 200 frames
// (process.cpuUsage, so that other load on the machine does not count), Node 20.20 / Node 24.21:
//   ASCII:  isAscii + latin1Slice 247k / 224k   Buffer utf8Slice 186k / 234k   TextDecoder 179k / 228k
//   CJK:    utf8Slice 6k / 35k                  TextDecoder 6k / 34k
//   emoji:  utf8Slice 9k / 26k                  TextDecoder 8k / 26k
// So ASCII (the usual stream: JSON and base64) is checked by Node's SIMD `isAscii` and copied as
// Latin-1, one byte a character: a third faster on Node 20, even on Node 24, whose UTF-8 decoder
// has its own ASCII fast path. Other text goes to TextDecoder, as fast as Buffer's UTF-8 slice on
// long input. Without Node (browsers, Deno), TextDecoder does all. In streaming mode (below), the
// whole parser reads CJK, Cyrillic and emoji streams 1.7x as fast on Node 20 as with one-shot
// decodes (interleaved A/B runs in CPU time; Node 24 the same either way).

type Slice = (this: Uint8Array, start: number, end: number) => string;
interface NodeBuffer {
  isAscii?(input: Uint8Array): boolean;
  Buffer?: { prototype: { latin1Slice?: Slice } };
}
type GetBuiltin = (id: string) => unknown;

const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process?.getBuiltinModule;
const nodeBuffer = getBuiltinModule?.("node:buffer") as NodeBuffer | undefined;
const isAscii = nodeBuffer?.isAscii;
const latin1Slice = nodeBuffer?.Buffer?.prototype.latin1Slice;
const lossyDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
// Streaming mode, yet nothing is ever held back: every input ends with CR or LF, an ASCII byte
// that ends (or, as U+FFFD, cuts short) any sequence before it. Node 20 decodes text that is not
// ASCII about twice as fast this way (its one-shot decode takes a slower path); Node 24 is as
// fast either way.
const STREAM = { stream: true };

/**
 * Decodes `bytes[start, end)`, invalid sequences as U+FFFD. The caller cuts only at CR or LF,
 * which never occur inside a UTF-8 sequence.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const part = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  if (isAscii !== undefined && latin1Slice !== undefined && isAscii(part))
    return latin1Slice.call(part, 0, part.length);
  return lossyDecoder.decode(part, STREAM);
}

/** UTF-8 bytes of `text[start, end)` (a lone surrogate counts 3, as U+FFFD would). */
export function utf8Length(text: string, start: number, end: number): number {
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
