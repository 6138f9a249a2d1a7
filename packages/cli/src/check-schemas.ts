import { checkAvroBackward } from "./avro-compat.js";
import { shapeOfAvro } from "./avro-shape.js";
import { compareShapes } from "./compare-shapes.js";
import { shapeOfProto } from "./proto-shape.js";
import { readSchemaDir, SCHEMA_LANGUAGES, type SchemaDir, type SchemaLanguage } from "./schema-dir.js";
import { shapeOfJsonSchema } from "./shape.js";

/** One problem `checkSchemas` found: the type, the field, and the difference. */
export interface SchemaFinding {
  /** The event type. */
  readonly eventType: string;
  /** JSON pointer of the field in the data (`/items/*\/sku`, `*` for any item), `""` for the type itself. */
  readonly field: string;
  /** What is wrong, naming the languages involved. */
  readonly difference: string;
}

const LANGUAGE_NAMES: Readonly<Record<SchemaLanguage, string>> = {
  json: "JSON Schema",
  avro: "Avro",
  proto: "Protobuf",
};

/**
 * Checks a schema directory: every event type has a file in all three languages, the three
 * describe the same data (fields, types, optionality, enum symbols, within the shared set of
 * types), and the newest Avro version reads every older one. Returns what it found, empty when
 * all agree.
 *
 * @example
 * ```ts
 * for (const f of checkSchemas("./schemas")) console.log(`${f.eventType} ${f.field}: ${f.difference}`);
 * ```
 */
export function checkSchemas(dir: string | SchemaDir): SchemaFinding[] {
  const schemas = typeof dir === "string" ? readSchemaDir(dir) : dir;
  return schemas.eventTypes.flatMap((eventType) => checkType(schemas, eventType));
}

function checkType(schemas: SchemaDir, eventType: string): SchemaFinding[] {
  const finding = (field: string, difference: string): SchemaFinding => ({ eventType, field, difference });
  const missing = (Object.keys(SCHEMA_LANGUAGES) as SchemaLanguage[]).filter(
    (language) => schemas[language][eventType] === undefined,
  );
  if (missing.length > 0) {
    const files = missing.map((language) => `events/${eventType}${SCHEMA_LANGUAGES[language]}`);
    return [finding("", `missing in ${missing.map((l) => LANGUAGE_NAMES[l]).join(", ")} (${files.join(", ")})`)];
  }
  const versions = schemas.avro[eventType] ?? [];
  const json = shapeOfJsonSchema(schemas.json[eventType]);
  const avro = shapeOfAvro(versions[0]);
  const proto = shapeOfProto(schemas.proto[eventType] ?? "", schemas.protoMessages[eventType] ?? "");
  return [
    ...compareShapes(json, avro, "JSON Schema", "Avro"),
    ...compareShapes(json, proto, "JSON Schema", "Protobuf"),
    ...checkAvroBackward(versions).map((d) => ({ ...d, difference: `Avro versions: ${d.difference}` })),
  ].map((d) => finding(d.field, d.difference));
}
