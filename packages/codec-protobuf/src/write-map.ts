import {
  describeValue as describe,
  invalidData as invalid,
  isPlainObject,
  type Sink,
  within as withinRead,
} from "@eventwire/envelope-core/wire";
import { type FieldInfo, WireType, wireTypeOf } from "./proto-fields.js";
import { checkScalar, writeScalarValue } from "./write-scalar.js";
import { beginDelimited, endDelimited, writeVarint32 } from "./write-varint.js";

const within = (error: unknown, segment: string | number): never => withinRead(error, segment, "INVALID_DATA");

/**
 * A writer of a map field: one entry message per key, in key order (as protoc's deterministic
 * output), each value written by `writeValue`.
 */
export function mapWriter(
  info: FieldInfo,
  writeValue: (w: Sink, value: unknown) => void,
): (w: Sink, value: unknown) => void {
  const tag = (info.id << 3) | WireType.LEN;
  const keyKind = info.mapKey as string;
  const keyTag = (1 << 3) | wireTypeOf(keyKind);
  const valueTag = (2 << 3) | wireTypeOf(info.kind);
  const compare = compareKeys(keyKind);
  return (w, value) => {
    if (!isPlainObject(value)) invalid(`${describe(value)} is not a plain object`);
    const keys = Object.keys(value);
    if (keys.length > 1 && !isSorted(keys, compare)) keys.sort(compare);
    for (const key of keys) {
      const item = value[key];
      try {
        const mapKey = mapKeyValue(keyKind, key);
        writeVarint32(w, tag);
        const mark = beginDelimited(w);
        writeVarint32(w, keyTag);
        writeScalarValue(w, keyKind, mapKey);
        writeVarint32(w, valueTag);
        writeValue(w, item);
        endDelimited(w, mark);
      } catch (error) {
        within(error, key);
      }
    }
  };
}

/** A map key from its object key: the string itself, or the number or boolean it spells. */
function mapKeyValue(kind: string, key: string): unknown {
  if (kind === "string") return key;
  if (kind === "bool") {
    if (key !== "true" && key !== "false") invalid(`map key ${JSON.stringify(key)} is not true or false`);
    return key === "true";
  }
  if (!/^-?\d+$/.test(key)) invalid(`map key ${JSON.stringify(key)} is not a ${kind}`);
  const value = kind.endsWith("64") ? key : Number(key);
  checkScalar(kind, value);
  return value;
}

/** Key order of protoc's deterministic output: by code point for strings, by value for numbers. */
function compareKeys(kind: string): (a: string, b: string) => number {
  if (kind === "string") return compareCodePoints;
  if (kind === "bool") return (a, b) => (a === b ? 0 : a === "false" ? -1 : 1);
  return (a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function isSorted(keys: string[], compare: (a: string, b: string) => number): boolean {
  for (let i = 1; i < keys.length; i++) if (compare(keys[i - 1] as string, keys[i] as string) > 0) return false;
  return true;
}

function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
