import { EnvelopeError } from "@eventwire/envelope-core";

/** The first byte of a Confluent-framed value: format version 0, a 4-byte schema id follows. */
export const MAGIC_BYTE = 0x00;
const ID_SIZE = 4;
const HEADER_SIZE = 1 + ID_SIZE;
// A 32-bit zig-zag varint takes at most 5 bytes.
const MAX_VARINT_BYTES = 5;

/** A Confluent-framed value taken apart: the schema id, the Protobuf message indexes, the data. */
export interface FramedValue {
  readonly schemaId: number;
  /** The path of the message in its `.proto` file; absent for Avro and JSON. */
  readonly messageIndexes: readonly number[] | undefined;
  readonly data: Uint8Array;
}

/**
 * Writes `0x00`, the schema id (4 bytes, big-endian), the message indexes when given (count
 * first, zig-zag varints, `[0]` as the single byte `0x00`), then `data`.
 */
export function frameValue(
  schemaId: number,
  messageIndexes: readonly number[] | undefined,
  data: Uint8Array,
): Uint8Array {
  const indexes = messageIndexes === undefined ? EMPTY : encodeMessageIndexes(messageIndexes);
  const out = new Uint8Array(HEADER_SIZE + indexes.length + data.length);
  out[0] = MAGIC_BYTE;
  new DataView(out.buffer).setUint32(1, schemaId >>> 0, false);
  out.set(indexes, HEADER_SIZE);
  out.set(data, HEADER_SIZE + indexes.length);
  return out;
}

/**
 * Takes a framed value apart. `protobuf` says whether message indexes follow the id. Anything
 * short, with another magic byte, or with an index count the remaining bytes cannot hold is a
 * `MALFORMED` {@link EnvelopeError}, found before anything of that size is allocated.
 */
export function unframeValue(value: Uint8Array, protobuf: boolean, eventType?: string): FramedValue {
  if (!(value instanceof Uint8Array)) throw malformedValue("the value is not bytes", eventType);
  if (value.length < HEADER_SIZE) {
    throw malformedValue(`the value is ${value.length} bytes, shorter than the 5-byte Confluent header`, eventType);
  }
  if (value[0] !== MAGIC_BYTE) {
    throw malformedValue(`the magic byte is 0x${hexByte(value[0] as number)}, not 0x00`, eventType);
  }
  const schemaId = new DataView(value.buffer, value.byteOffset, value.byteLength).getInt32(1, false);
  if (!protobuf) return { schemaId, messageIndexes: undefined, data: value.subarray(HEADER_SIZE) };
  const reader = { bytes: value, pos: HEADER_SIZE, eventType };
  const messageIndexes = readMessageIndexes(reader);
  return { schemaId, messageIndexes, data: value.subarray(reader.pos) };
}

/** The message indexes as Confluent writes them: `[0]` is one `0x00`, else the count then each index. */
export function encodeMessageIndexes(indexes: readonly number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return ZERO;
  const out = new Uint8Array((indexes.length + 1) * MAX_VARINT_BYTES);
  let pos = writeZigZag(out, 0, indexes.length);
  for (const index of indexes) pos = writeZigZag(out, pos, index);
  return out.slice(0, pos);
}

interface Reader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly eventType: string | undefined;
}

function readMessageIndexes(reader: Reader): number[] {
  const count = readZigZag(reader);
  if (count === 0) return [0];
  // Each index takes at least one byte: a count the rest of the value cannot hold is refused
  // before the array is made, so a hostile count allocates nothing.
  if (count < 0 || count > reader.bytes.length - reader.pos) {
    throw malformedValue(`a message index count of ${count} does not fit the value`, reader.eventType);
  }
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) {
    const index = readZigZag(reader);
    if (index < 0) throw malformedValue(`message index ${i} is negative (${index})`, reader.eventType);
    indexes.push(index);
  }
  return indexes;
}

function readZigZag(reader: Reader): number {
  let result = 0;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (reader.pos >= reader.bytes.length) throw malformedValue("the message indexes are cut short", reader.eventType);
    const byte = reader.bytes[reader.pos++] as number;
    result |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
  }
  throw malformedValue("a message index varint is longer than 5 bytes", reader.eventType);
}

function writeZigZag(out: Uint8Array, at: number, value: number): number {
  let rest = ((value << 1) ^ (value >> 31)) >>> 0;
  let pos = at;
  while (rest > 0x7f) {
    out[pos++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  out[pos++] = rest;
  return pos;
}

function malformedValue(reason: string, eventType: string | undefined): EnvelopeError {
  return new EnvelopeError("MALFORMED", `not a Confluent Schema Registry value: ${reason}`, {
    path: "/data",
    eventType,
  });
}

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}

const EMPTY = new Uint8Array(0);
const ZERO = new Uint8Array([0]);
