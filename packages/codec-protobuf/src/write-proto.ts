import {
  describeValue as describe,
  getOwn,
  invalidData as invalid,
  isPlainObject,
  ownProperty,
  type Sink,
  specialize,
  WireError,
  within as withinRead,
} from "@eventwire/envelope-core/wire";
import type protobuf from "protobufjs";
import { type FieldInfo, fieldsOf, isDefault, WireType, wireTypeOf } from "./proto-fields.js";
import { mapWriter } from "./write-map.js";
import { checkScalar, writeScalarValue } from "./write-scalar.js";
import { beginDelimited, endDelimited, writeSignedVarint, writeVarint32 } from "./write-varint.js";

const within = (error: unknown, segment: string | number): never => withinRead(error, segment, "INVALID_DATA");

/** Writes a message's fields (no tag, no length) from a plain object. */
export type WriteMessage = (w: Sink, value: unknown) => void;

interface FieldWriter {
  readonly info: FieldInfo;
  write(w: Sink, value: unknown): void;
}

/**
 * Compiles a writer of plain objects as `type`, in field-number order and leaving out proto3
 * defaults as protoc does; map entries are written in key order, so that the bytes are those of
 * `protoc --encode --deterministic_output`. It refuses what the type does not declare, a value
 * of the wrong type or out of range, and a missing field without explicit presence.
 */
export function compileMessageWriter(
  type: protobuf.Type,
  cache = new Map<protobuf.Type, WriteMessage>(),
): WriteMessage {
  const known = cache.get(type);
  if (known !== undefined) return known;
  const writers: FieldWriter[] = [];
  const names = new Set<string>();
  const oneofs = new Map<string, string[]>();
  const write: WriteMessage = (w, value) => {
    if (!isPlainObject(value)) invalid(`${describe(value)} is not a plain object`);
    let present = 0;
    for (const writer of writers) {
      const item = getOwn(value, writer.info.name);
      if (item === undefined || (item === null && writer.info.presence)) {
        if (!writer.info.presence) {
          // An undeclared key explains a missing field better (a camel-cased Root, a typo).
          checkKeys(value, names, type);
          within(new WireError("INVALID_DATA", requiredMessage(writer.info)), writer.info.name);
        }
        continue;
      }
      present++;
      try {
        writer.write(w, item);
      } catch (error) {
        within(error, writer.info.name);
      }
    }
    if (Object.keys(value).length !== present) checkKeys(value, names, type);
    for (const [oneof, members] of oneofs) {
      const set = members.filter((m) => getOwn(value, m) != null);
      if (set.length > 1) invalid(`${set.join(" and ")} are both set, but oneof ${oneof} takes one`);
    }
  };
  // Registered before the fields compile, so that a recursive message refers to itself.
  let specialized: WriteMessage | undefined;
  cache.set(type, (w, value) => (specialized ?? write)(w, value));
  for (const info of fieldsOf(type)) {
    names.add(info.name);
    if (info.oneof !== undefined) oneofs.set(info.oneof, [...(oneofs.get(info.oneof) ?? []), info.name]);
    writers.push(fieldWriter(info, cache));
  }
  specialized = specializeWriter(writers, oneofs, (value) => checkKeys(value, names, type));
  return specialized ?? write;
}

/** The same writer as the closure above, as code made for this one message type. */
function specializeWriter(
  writers: readonly FieldWriter[],
  oneofs: ReadonlyMap<string, readonly string[]>,
  checkUndeclared: (value: Record<string, unknown>) => void,
): WriteMessage | undefined {
  const lines = [
    "return function write(w, value) {",
    "  if (!isPlainObject(value)) notPlain(value);",
    "  let present = 0;",
    "  let item;",
  ];
  writers.forEach(({ info }, i) => {
    const key = JSON.stringify(info.name);
    lines.push(`  item = ${ownProperty("value", info.name)};`);
    if (info.presence) {
      lines.push(`  if (item !== undefined && item !== null) {`);
    } else {
      lines.push(`  if (item === undefined) missing(value, ${i});`, "  {");
    }
    lines.push(`    present++;`, `    try { write${i}(w, item); } catch (error) { within(error, ${key}); }`, "  }");
  });
  // Every own key must be a declared field (a declared key set to undefined counts as not set).
  lines.push(
    "  let keys = 0;",
    "  for (const key in value) keys++;",
    "  if (keys !== present) checkUndeclared(value);",
  );
  for (const [oneof, members] of oneofs) {
    const set = members.map((m) => `(${ownProperty("value", m)} != null ? 1 : 0)`).join(" + ");
    lines.push(`  if (${set} > 1) twoOneofMembers(value, ${JSON.stringify(oneof)}, ${JSON.stringify(members)});`);
  }
  lines.push("};");
  const fieldNames = writers.map((_, i) => `write${i}`);
  return specialize<WriteMessage>(
    ["isPlainObject", "notPlain", "missing", "within", "checkUndeclared", "twoOneofMembers", ...fieldNames],
    [
      isPlainObject,
      (value: unknown) => invalid(`${describe(value)} is not a plain object`),
      (value: Record<string, unknown>, i: number) => {
        const info = (writers[i] as FieldWriter).info;
        checkUndeclared(value);
        within(new WireError("INVALID_DATA", requiredMessage(info)), info.name);
      },
      within,
      checkUndeclared,
      (value: Record<string, unknown>, oneof: string, members: string[]) => {
        const set = members.filter((m) => getOwn(value, m) != null);
        invalid(`${set.join(" and ")} are both set, but oneof ${oneof} takes one`);
      },
      ...writers.map((writer) => writer.write),
    ],
    lines.join("\n"),
  );
}

function requiredMessage(info: FieldInfo): string {
  return info.repeated
    ? "is required (an empty list or map is written as [] or {})"
    : "is required: a proto3 field without `optional` always has a value";
}

function checkKeys(value: Record<string, unknown>, names: Set<string>, type: protobuf.Type): void {
  for (const key of Object.keys(value)) {
    if (names.has(key)) continue;
    const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const hint =
      camel !== key && names.has(camel)
        ? ` (${type.fullName} declares ${camel}: parse the .proto with keepCase: true to keep field names as written)`
        : "";
    within(new WireError("INVALID_DATA", `is not declared by the schema${hint}`), key);
  }
}

function fieldWriter(info: FieldInfo, cache: Map<protobuf.Type, WriteMessage>): FieldWriter {
  const tag = (info.id << 3) | (info.mapKey !== undefined ? WireType.LEN : wireTypeOf(info.kind));
  const writeValue = valueWriter(info, cache);
  if (info.mapKey !== undefined) {
    return { info, write: mapWriter(info, valueWriter({ ...info, repeated: false, mapKey: undefined }, cache)) };
  }
  if (info.repeated) {
    if (info.packed) {
      const packedTag = (info.id << 3) | WireType.LEN;
      return {
        info,
        write(w, value) {
          if (!Array.isArray(value)) invalid(`${describe(value)} is not an array`);
          if (value.length === 0) return;
          writeVarint32(w, packedTag);
          const mark = beginDelimited(w);
          for (let i = 0; i < value.length; i++) {
            try {
              writeValue(w, value[i]);
            } catch (error) {
              within(error, i);
            }
          }
          endDelimited(w, mark);
        },
      };
    }
    return {
      info,
      write(w, value) {
        if (!Array.isArray(value)) invalid(`${describe(value)} is not an array`);
        for (let i = 0; i < value.length; i++) {
          writeVarint32(w, tag);
          try {
            writeValue(w, value[i]);
          } catch (error) {
            within(error, i);
          }
        }
      },
    };
  }
  const kind = info.kind;
  const skipDefault = !info.presence && kind !== "message" && kind !== "enum";
  return {
    info,
    write(w, value) {
      if (skipDefault) {
        // Checked once here, where the default must be known; written without checking again.
        checkScalar(kind, value);
        if (isDefault(kind, value)) return;
        writeVarint32(w, tag);
        writeScalarValue(w, kind, value);
        return;
      }
      const start = w.pos;
      writeVarint32(w, tag);
      const afterTag = w.pos;
      writeValue(w, value);
      // An enum's first value is its default: take the tag back, as protoc does not write it.
      if (kind === "enum" && !info.presence && w.pos === afterTag + 1 && w.bytes[afterTag] === 0) w.pos = start;
    },
  };
}

function valueWriter(info: FieldInfo, cache: Map<protobuf.Type, WriteMessage>): (w: Sink, value: unknown) => void {
  if (info.kind === "message") {
    // Compiled now, inside the codec's compileWith (see read-proto.ts's valueReader).
    const message = compileMessageWriter(info.messageType as protobuf.Type, cache);
    return (w, value) => {
      const mark = beginDelimited(w);
      message(w, value);
      endDelimited(w, mark);
    };
  }
  if (info.kind === "enum") {
    const values = info.enumType?.values ?? {};
    const numbers = new Map(Object.entries(values));
    return (w, value) => {
      const number = typeof value === "string" ? numbers.get(value) : undefined;
      if (number === undefined) invalid(`${describe(value)} is not one of ${[...numbers.keys()].join(", ")}`);
      writeSignedVarint(w, number);
    };
  }
  const kind = info.kind;
  return (w, value) => {
    checkScalar(kind, value);
    writeScalarValue(w, kind, value);
  };
}
