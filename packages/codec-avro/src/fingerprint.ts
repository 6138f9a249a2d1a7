/**
 * CRC-64-AVRO, the 64-bit Rabin fingerprint of the Avro specification ("Schema Fingerprints"),
 * over the UTF-8 bytes of a schema's Parsing Canonical Form. It is computed once per schema, when
 * a codec is made, so BigInt arithmetic is plenty fast.
 */
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = 0xffffffffffffffffn;

const TABLE: bigint[] = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let bit = 0; bit < 8; bit++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
  return fp & MASK;
});

/** The fingerprint as an unsigned 64-bit integer. */
export function crc64Avro(text: string): bigint {
  let fp = EMPTY;
  for (const byte of new TextEncoder().encode(text)) {
    fp = (fp >> 8n) ^ (TABLE[Number((fp ^ BigInt(byte)) & 0xffn)] as bigint);
  }
  return fp;
}

/** The fingerprint as the 8 little-endian bytes that follow `C3 01` in single-object encoding. */
export function fingerprintBytes(text: string): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, crc64Avro(text), true);
  return out;
}
