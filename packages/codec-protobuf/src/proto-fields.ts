import protobuf from "protobufjs";

/** The wire types of the Protobuf encoding. */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

/** What the compilers need to know of one field, worked out once from protobufjs reflection. */
export interface FieldInfo {
  readonly name: string;
  readonly id: number;
  /** A scalar type name (`"int32"`, `"string"`, …), `"enum"` or `"message"`. */
  readonly kind: string;
  readonly repeated: boolean;
  /** Packed on write (proto3 numeric repeated fields, unless `[packed = false]`). */
  readonly packed: boolean;
  /** Explicit presence: `optional`, a message, a oneof member. Absent from decoded data when not set. */
  readonly presence: boolean;
  /** The real oneof this field belongs to, if any (not a proto3 `optional`'s synthetic one). */
  readonly oneof: string | undefined;
  readonly enumType: protobuf.Enum | undefined;
  readonly messageType: protobuf.Type | undefined;
  /** For map fields: the key's scalar type. */
  readonly mapKey: string | undefined;
}

const SCALARS = new Set([
  "double",
  "float",
  "int32",
  "int64",
  "uint32",
  "uint64",
  "sint32",
  "sint64",
  "fixed32",
  "fixed64",
  "sfixed32",
  "sfixed64",
  "bool",
  "string",
  "bytes",
]);

/** The wire type a scalar kind is written with. */
export function wireTypeOf(kind: string): number {
  switch (kind) {
    case "double":
    case "fixed64":
    case "sfixed64":
      return WireType.I64;
    case "float":
    case "fixed32":
    case "sfixed32":
      return WireType.I32;
    case "string":
    case "bytes":
    case "message":
      return WireType.LEN;
    default:
      return WireType.VARINT;
  }
}

/** The fields of a message type, in field-number order (the order protoc writes them in). */
export function fieldsOf(type: protobuf.Type): FieldInfo[] {
  return [...type.fieldsArray].sort((a, b) => a.id - b.id).map((field) => describeField(type, field));
}

function describeField(type: protobuf.Type, field: protobuf.Field): FieldInfo {
  field.resolve();
  const resolved = field.resolvedType;
  const kind = resolved instanceof protobuf.Enum ? "enum" : resolved instanceof protobuf.Type ? "message" : field.type;
  if (!SCALARS.has(kind) && kind !== "enum" && kind !== "message") {
    throw new TypeError(`${type.fullName}.${field.name} has type ${field.type}, which does not resolve`);
  }
  const map = field instanceof protobuf.MapField;
  const partOf = field.partOf;
  const synthetic = partOf !== null && partOf.name === `_${field.name}` && partOf.fieldsArray.length === 1;
  const repeated = field.repeated || map;
  const packable = !map && field.repeated && wireTypeOf(kind) !== WireType.LEN;
  return {
    name: field.name,
    id: field.id,
    kind,
    repeated,
    packed: packable && field.packed,
    presence: !repeated && (kind === "message" || partOf !== null || Boolean(field.hasPresence)),
    oneof: partOf !== null && !synthetic ? partOf.name : undefined,
    enumType: resolved instanceof protobuf.Enum ? resolved : undefined,
    messageType: resolved instanceof protobuf.Type ? resolved : undefined,
    mapKey: map ? (field as protobuf.MapField).keyType : undefined,
  };
}

/** The value a field with implicit presence has when it is not on the wire. */
export function defaultOf(field: FieldInfo): unknown {
  switch (field.kind) {
    case "string":
      return "";
    case "bool":
      return false;
    case "bytes":
      return new Uint8Array(0);
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      return "0";
    case "enum":
      return field.enumType?.valuesById[0] ?? "";
    default:
      return 0;
  }
}

/** True when `value` is the default of its field, which proto3 does not write. */
export function isDefault(kind: string, value: unknown): boolean {
  switch (kind) {
    case "string":
      return value === "";
    case "bool":
      return value === false;
    case "bytes":
      return (value as Uint8Array).length === 0;
    case "double":
    case "float":
      // -0 is written, as protoc writes it (its bits are not zero).
      return value === 0 && !Object.is(value, -0);
    default:
      return value === 0 || value === "0" || value === 0n;
  }
}
