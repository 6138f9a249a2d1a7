import {
  type Cursor,
  invalidData,
  literalKey,
  malformed,
  property,
  setOwn,
  specialize,
  WireError,
  within,
} from "@eventwire/envelope-core/wire";
import type protobuf from "protobufjs";
import { defaultOf, type FieldInfo, fieldsOf, WireType, wireTypeOf } from "./proto-fields.js";

import { readScalar, skipField } from "./read-scalar.js";
import { readEnd, readVarint, readVarint32 } from "./read-varint.js";

export type ReadMessage = (c: Cursor, end: number, into?: Record<string, unknown>) => Record<string, unknown>;

interface FieldReader {
  readonly info: FieldInfo;
  read(c: Cursor, wireType: number, end: number, out: Record<string, unknown>): void;
}

/**
 * Compiles a reader of `type` into plain objects: enums as their names, 64-bit integers as
 * decimal strings, bytes as Uint8Array, maps as plain objects, fields with implicit presence
 * always there (their default when not on the wire), fields with explicit presence only when set.
 * Every length is checked against what is left before anything is allocated.
 */
export function compileMessageReader(type: protobuf.Type, cache = new Map<protobuf.Type, ReadMessage>()): ReadMessage {
  const known = cache.get(type);
  if (known !== undefined) return known;
  const byId: (FieldReader | undefined)[] = [];
  const byIdMap = new Map<number, FieldReader>();
  const implicit: FieldInfo[] = [];
  const read: ReadMessage = (c, end, into) => {
    const out = into ?? {};
    if (into === undefined) for (const field of implicit) setOwn(out, field.name, initial(field));
    while (c.pos < end) {
      const tag = readVarint32(c);
      const id = tag >>> 3;
      if (id === 0) malformed("field number 0 does not exist");
      const reader = id < 1024 ? byId[id] : byIdMap.get(id);
      if (reader === undefined) skipField(c, tag & 7, end);
      else reader.read(c, tag & 7, end, out);
    }
    if (c.pos !== end) malformed("a field runs past the end of its message");
    return out;
  };
  // Registered before the fields compile, so that a recursive message refers to itself.
  let specialized: ReadMessage | undefined;
  cache.set(type, (c, end, into) => (specialized ?? read)(c, end, into));
  const fields = fieldsOf(type);
  const readers: FieldReader[] = [];
  for (const info of fields) {
    const siblings = info.oneof === undefined ? [] : fields.filter((f) => f.oneof === info.oneof && f !== info);
    const reader = fieldReader(
      info,
      cache,
      siblings.map((f) => f.name),
    );
    readers.push(reader);
    if (info.id < 1024) byId[info.id] = reader;
    else byIdMap.set(info.id, reader);
    if (!info.presence) implicit.push(info);
  }
  specialized = specializeReader(readers, cache);
  return specialized ?? read;
}

/**
 * The same reader as the closure above, as code made for this one message type: the implicit
 * fields' defaults as one object literal, and the common fields read and stored by fixed names.
 */
function specializeReader(
  readers: readonly FieldReader[],
  cache: Map<protobuf.Type, ReadMessage>,
): ReadMessage | undefined {
  const initial = readers
    .filter(({ info }) => !info.presence)
    .map(({ info }) => `${literalKey(info.name)}: ${defaultLiteral(info)}`)
    .join(", ");
  const cases = readers.map(({ info }, i) => {
    const name = JSON.stringify(info.name);
    const at = `out${property(info.name)}`;
    const simple = !info.repeated && info.mapKey === undefined && info.oneof === undefined && info.name !== "__proto__";
    if (!simple) return `      case ${info.id}: field${i}(c, tag & 7, end, out); break;`;
    const store = `try { ${at} = value${i}(c, end); } catch (error) { within(error, ${name}); }`;
    const merge =
      info.kind === "message" ? `if (${at} !== undefined) { field${i}(c, tag & 7, end, out); break; } ` : "";
    return `      case ${info.id}: if ((tag & 7) !== ${wireTypeOf(info.kind)}) wrongWireType(${name}, tag & 7); ${merge}${store} break;`;
  });
  const body = [
    "return function read(c, end, into) {",
    `  const out = into !== undefined ? into : { ${initial} };`,
    "  while (c.pos < end) {",
    "    const tag = readVarint32(c);",
    "    switch (tag >>> 3) {",
    ...cases,
    '      case 0: malformed("field number 0 does not exist");',
    "      default: skipField(c, tag & 7, end);",
    "    }",
    "  }",
    '  if (c.pos !== end) malformed("a field runs past the end of its message");',
    "  return out;",
    "};",
  ].join("\n");
  return specialize<ReadMessage>(
    [
      "readVarint32",
      "skipField",
      "malformed",
      "within",
      "wrongWireType",
      "EMPTY_BYTES",
      ...readers.map((_, i) => `field${i}`),
      ...readers.map((_, i) => `value${i}`),
    ],
    [
      readVarint32,
      skipField,
      malformed,
      within,
      (name: string, wireType: number) =>
        within(new WireError("MALFORMED", `wire type ${wireType} does not fit this field`), name),
      EMPTY_BYTES,
      ...readers.map((reader) => reader.read),
      ...readers.map(({ info }) => valueReader(info, cache)),
    ],
    body,
  );
}

const EMPTY_BYTES = new Uint8Array(0);

/** The default of an implicit-presence field as a literal of generated code. */
function defaultLiteral(info: FieldInfo): string {
  if (info.mapKey !== undefined) return "{}";
  if (info.repeated) return "[]";
  if (info.kind === "bytes") return "EMPTY_BYTES";
  return JSON.stringify(defaultOf(info));
}

function initial(field: FieldInfo): unknown {
  if (field.mapKey !== undefined) return {};
  if (field.repeated) return [];
  return defaultOf(field);
}

function fieldReader(info: FieldInfo, cache: Map<protobuf.Type, ReadMessage>, oneofSiblings: string[]): FieldReader {
  const expected = info.mapKey !== undefined ? WireType.LEN : wireTypeOf(info.kind);
  const readValue = valueReader(info, cache);
  const { name } = info;
  const wrongWireType = (wireType: number): never =>
    malformed(`wire type ${wireType} is not the ${expected} of a ${info.kind} field`);
  if (info.mapKey !== undefined) {
    const readEntry = mapEntryReader(info, cache);
    return {
      info,
      read(c, wireType, end, out) {
        if (wireType !== WireType.LEN) wrongWireType(wireType);
        try {
          readEntry(c, end, out[name] as Record<string, unknown>);
        } catch (error) {
          within(error, name);
        }
      },
    };
  }
  if (info.repeated) {
    const packable = expected !== WireType.LEN;
    return {
      info,
      read(c, wireType, end, out) {
        const list = out[name] as unknown[];
        try {
          if (packable && wireType === WireType.LEN) {
            const stop = readEnd(c, end);
            while (c.pos < stop) list.push(readValue(c, stop));
            if (c.pos !== stop) malformed("a packed value runs past the end of its field");
          } else if (wireType === expected) {
            list.push(readValue(c, end));
          } else {
            wrongWireType(wireType);
          }
        } catch (error) {
          within(error, name);
        }
      },
    };
  }
  return {
    info,
    read(c, wireType, end, out) {
      try {
        if (wireType !== expected) wrongWireType(wireType);
        if (info.kind === "message" && out[name] !== undefined) {
          // A message field seen twice is merged, as the Protobuf encoding specifies.
          const stop = readEnd(c, end);
          messageReaderOf(info, cache)(c, stop, out[name] as Record<string, unknown>);
        } else {
          setOwn(out, name, readValue(c, end));
        }
      } catch (error) {
        within(error, name);
      }
      // The last member of a oneof on the wire wins.
      for (const sibling of oneofSiblings) delete out[sibling];
    },
  };
}

function messageReaderOf(info: FieldInfo, cache: Map<protobuf.Type, ReadMessage>): ReadMessage {
  return compileMessageReader(info.messageType as protobuf.Type, cache);
}

/** Reads one value of a field (not the tag). */
function valueReader(info: FieldInfo, cache: Map<protobuf.Type, ReadMessage>): (c: Cursor, end: number) => unknown {
  if (info.kind === "message") {
    // Compiled now, inside the codec's compileWith, not at the first decode: with code generation
    // off (a strict CSP) a later compile would still try new Function, which the page reports.
    // A recursive message finds its own forwarding entry in the cache.
    const message = messageReaderOf(info, cache);
    return (c, end) => {
      const stop = readEnd(c, end);
      return message(c, stop);
    };
  }
  if (info.kind === "enum") {
    const names = info.enumType?.valuesById ?? {};
    return (c) => {
      const value = readVarint(c) | 0;
      const name = names[value];
      if (name === undefined) invalidData(`enum value ${value} has no name`);
      return name;
    };
  }
  const kind = info.kind;
  return (c, end) => readScalar(c, kind, end);
}

function mapEntryReader(
  info: FieldInfo,
  cache: Map<protobuf.Type, ReadMessage>,
): (c: Cursor, end: number, target: Record<string, unknown>) => void {
  const keyKind = info.mapKey as string;
  const keyInfo: FieldInfo = { ...info, kind: keyKind, mapKey: undefined, repeated: false, enumType: undefined };
  const valueInfo: FieldInfo = { ...info, mapKey: undefined, repeated: false };
  const readKey = valueReader(keyInfo, cache);
  const readValue = valueReader(valueInfo, cache);
  const keyWire = wireTypeOf(keyKind);
  const valueWire = wireTypeOf(info.kind);
  return (c, end, target) => {
    const stop = readEnd(c, end);
    let key: unknown = defaultOf(keyInfo);
    let value: unknown = info.kind === "message" ? messageReaderOf(info, cache)(c, c.pos) : defaultOf(valueInfo);
    while (c.pos < stop) {
      const tag = readVarint32(c);
      if (tag === ((1 << 3) | keyWire)) key = readKey(c, stop);
      else if (tag === ((2 << 3) | valueWire)) value = readValue(c, stop);
      else skipField(c, tag & 7, stop);
    }
    if (c.pos !== stop) malformed("a map entry runs past its end");
    setOwn(target, String(key), value);
  };
}
