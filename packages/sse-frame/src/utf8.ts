// Decoding and searching the bytes of a stream. The choice is made once, by what the runtime offers (never by
// its version). Figures: thousands of decodes per CPU second of a 22-28 KB stream of 200 frames
// (process.cpuUsage, so that other load on the machine does not count), Node 20.20 / Node 24.21:
//   ASCII:  isAscii + latin1Slice 247k / 224k   Buffer utf8Slice 186k / 234k   TextDecoder 179k / 228k
//   CJK:    utf8Slice 6k / 35k                  TextDecoder 6k / 34k
//   emoji:  utf8Slice 9k / 26k                  TextDecoder 8k / 26k
// So ASCII (the usual stream: JSON and base64) is checked by Node's SIMD `isAscii` and copied as
// Latin-1, one byte a character: a third faster on Node 20, even on Node 24, whose UTF-8 decoder
// has its own ASCII fast path. Other text goes to TextDecoder, as fast as Buffer's UTF-8 slice on
// long input. Without Node (browsers, Deno), TextDecoder does all. In streaming mode (one decoder a
// parser, see LineBytes), the whole parser reads CJK, Cyrillic and emoji streams 1.7x as fast on Node 20 as with one-shot
// decodes (interleaved A/B runs in CPU time; Node 24 the same either way).

type Slice = (this: Uint8Array, start: number, end: number) => string;
type Search = (this: Uint8Array, value: number, from?: number) => number;
interface NodeBuffer {
  isAscii?(input: Uint8Array): boolean;
  Buffer?: { prototype: { latin1Slice?: Slice; lastIndexOf: Search } };
}
type GetBuiltin = (id: string) => unknown;

const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process?.getBuiltinModule;
const nodeBuffer = getBuiltinModule?.("node:buffer") as NodeBuffer | undefined;
const isAscii = nodeBuffer?.isAscii;
// Buffer's backward byte search runs in C++: 16-28x the typed array's on a 16 KB chunk (396
// vs 10,958 ns on Node 20, 421 vs 6,910 on Node 24), which the parser uses when a chunk's last
// line ends far from its end. Elsewhere, the typed array's own method.
const byteMethods: { latin1Slice?: Slice; lastIndexOf: Search } = nodeBuffer?.Buffer?.prototype ?? Uint8Array.prototype;
const latin1Slice = byteMethods.latin1Slice;
/** The last index of byte `value` in `bytes`, or -1. */
export const lastIndexOfByte = byteMethods.lastIndexOf;
/**
 * The text of `part` when it is all ASCII and Node's SIMD `isAscii` and Latin-1 copy are there
 * (one byte a character), else undefined: such text goes to a streaming TextDecoder, which Node
 * 20 runs twice as fast as one-shot decodes on text that is not ASCII.
 */
export function asciiText(part: Uint8Array): string | undefined {
  return latin1Slice && isAscii?.(part) ? latin1Slice.call(part, 0, part.length) : undefined;
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
