/**
 * Short strings that come again (event types, sources, levels, city names…) are returned from a
 * small cache of the strings read before, found by their bytes, instead of being decoded again.
 *
 * Why: in a profile of decode, half the time is `Buffer#utf8Slice` (a call into C++ of about
 * 40 ns unloaded, whatever the length), and a plain Avro library pays it too; hashing and comparing 5–30 bytes
 * in JavaScript costs less than the call. A cached string was checked to be valid UTF-8 when it
 * was first decoded, and a hit has exactly its bytes, so strictness is kept. Memory is bounded:
 * at most {@link SLOTS} strings of at most {@link MAX_CACHED} bytes each (about 100 KiB).
 */
const SLOT_BITS = 10;
const SLOTS = 1 << SLOT_BITS;
/** Longer strings (ids, UUIDs, messages) rarely come again: they skip the cache. */
export const MAX_CACHED = 32;

const texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const lengths = new Uint8Array(SLOTS);
const keys = new Uint8Array(SLOTS * MAX_CACHED);

/**
 * The string of `bytes[start, end)` (at most {@link MAX_CACHED} bytes): the cached one when the
 * same bytes were decoded before, else what `decode` returns, which is then cached. `decode`
 * returns undefined for bytes that are not valid UTF-8, which are never cached.
 */
export function cachedString(
  bytes: Uint8Array,
  start: number,
  end: number,
  decode: (bytes: Uint8Array, start: number, end: number) => string | undefined,
): string | undefined {
  const length = end - start;
  let hash = length;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x9e3779b1);
  const slot = hash >>> (32 - SLOT_BITS);
  const base = slot * MAX_CACHED;
  const text = texts[slot];
  if (text !== undefined && lengths[slot] === length) {
    let i = 0;
    while (i < length && keys[base + i] === bytes[start + i]) i++;
    if (i === length) return text;
  }
  const decoded = decode(bytes, start, end);
  if (decoded === undefined) return undefined;
  texts[slot] = decoded;
  lengths[slot] = length;
  for (let i = 0; i < length; i++) keys[base + i] = bytes[start + i] as number;
  return decoded;
}
