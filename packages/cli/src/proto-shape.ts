import protobuf from "protobufjs";
import type { FieldShape, Shape } from "./shape.js";

const SCALARS: Readonly<Record<string, Shape>> = {
  string: { kind: "string" },
  bool: { kind: "boolean" },
  int32: { kind: "int" },
  sint32: { kind: "int" },
  sfixed32: { kind: "int" },
  double: { kind: "double" },
};

/** The shape of the Protobuf message `messageName` in `.proto` source text. */
export function shapeOfProto(source: string, messageName: string): Shape {
  const root = protobuf.parse(source, { keepCase: true }).root;
  let type: protobuf.Type;
  try {
    type = root.lookupType(messageName);
    root.resolveAll();
  } catch (error) {
    return { kind: "unsupported", what: `message ${messageName}: ${(error as Error).message}` };
  }
  return shapeOfMessage(type, []);
}

function shapeOfMessage(type: protobuf.Type, stack: readonly protobuf.Type[]): Shape {
  if (stack.includes(type)) return { kind: "unsupported", what: `recursive message ${type.name}` };
  return { kind: "record", fields: type.fieldsArray.map((field) => shapeOfField(field, [...stack, type])) };
}

function shapeOfField(field: protobuf.Field, stack: readonly protobuf.Type[]): FieldShape {
  const value = shapeOfValue(field.type, field.resolvedType, stack);
  if (field instanceof protobuf.MapField) {
    const keyOk = field.keyType === "string";
    return {
      name: field.name,
      optional: false,
      shape: keyOk ? { kind: "map", values: value } : { kind: "unsupported", what: `map<${field.keyType}, …>` },
    };
  }
  if (field.repeated) return { name: field.name, optional: false, shape: { kind: "array", items: value } };
  const partOf = field.partOf;
  const explicitOptional = partOf !== null && partOf.name === `_${field.name}`;
  if (partOf !== null && !explicitOptional) {
    return { name: field.name, optional: true, shape: { kind: "unsupported", what: `oneof ${partOf.name}` } };
  }
  // proto3 cannot require a message field: it has presence whether or not it says `optional`.
  const isMessage = field.resolvedType instanceof protobuf.Type;
  return {
    name: field.name,
    optional: explicitOptional || isMessage,
    ...(isMessage && !explicitOptional ? { optionalityUnknown: true } : {}),
    shape: value,
  };
}

function shapeOfValue(
  typeName: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  stack: readonly protobuf.Type[],
): Shape {
  if (resolved instanceof protobuf.Enum) {
    const byNumber = Object.entries(resolved.values).sort((a, b) => a[1] - b[1]);
    return { kind: "enum", symbols: byNumber.map(([name]) => name) };
  }
  if (resolved instanceof protobuf.Type) return shapeOfMessage(resolved, stack);
  return SCALARS[typeName] ?? { kind: "unsupported", what: typeName };
}
