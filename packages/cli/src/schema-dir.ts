import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AvroRecordSchema } from "@eventwire/codec-avro";
import type { JsonSchema } from "@eventwire/codec-json";
import protobuf from "protobufjs";

/** The three languages a schema directory holds, by file extension. */
export const SCHEMA_LANGUAGES = { json: ".schema.json", avro: ".avsc", proto: ".proto" } as const;

/** A schema language: `json` (JSON Schema), `avro` or `proto`. */
export type SchemaLanguage = keyof typeof SCHEMA_LANGUAGES;

/** The schemas of a directory, as read from its `events/` folder. */
export interface SchemaDir {
  /** The directory that was read. */
  readonly dir: string;
  /** Every event type that has a file in any language, sorted. */
  readonly eventTypes: readonly string[];
  /** The JSON Schema of each type that has an `events/<type>.schema.json`. */
  readonly json: Readonly<Record<string, JsonSchema>>;
  /** The Avro versions of each type, newest first (an `.avsc` that is a JSON array lists versions). */
  readonly avro: Readonly<Record<string, readonly AvroRecordSchema[]>>;
  /** The `.proto` source of each type. */
  readonly proto: Readonly<Record<string, string>>;
  /** The fully qualified Protobuf message of each type: the event type in PascalCase, in the file's package. */
  readonly protoMessages: Readonly<Record<string, string>>;
}

/** `invoice_paid` → `InvoicePaid`, the Protobuf message name of an event type. */
export function pascalCase(eventType: string): string {
  return eventType
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}

/**
 * Reads `dir/events/*.schema.json`, `*.avsc` and `*.proto`. A file that cannot be parsed is a
 * `TypeError` naming the file; a type missing in a language is simply absent from that map
 * (`checkSchemas` reports it).
 */
export function readSchemaDir(dir: string): SchemaDir {
  const eventsDir = join(dir, "events");
  let files: string[];
  try {
    files = readdirSync(eventsDir).sort();
  } catch (error) {
    throw new TypeError(`no schema directory at ${dir} (it needs an events/ folder): ${String(error)}`, {
      cause: error,
    });
  }
  const json: Record<string, JsonSchema> = {};
  const avro: Record<string, AvroRecordSchema[]> = {};
  const proto: Record<string, string> = {};
  const protoMessages: Record<string, string> = {};
  const eventTypes = new Set<string>();
  for (const file of files) {
    const path = join(eventsDir, file);
    const [language, eventType] = classify(file);
    if (language === undefined || eventType === "") continue;
    eventTypes.add(eventType);
    const text = readFileSync(path, "utf8");
    if (language === "json") json[eventType] = parseJsonFile(path, text) as JsonSchema;
    if (language === "avro") {
      const parsed = parseJsonFile(path, text);
      avro[eventType] = (Array.isArray(parsed) ? parsed : [parsed]) as AvroRecordSchema[];
    }
    if (language === "proto") {
      proto[eventType] = text;
      protoMessages[eventType] = qualifiedMessageName(path, text, eventType);
    }
  }
  return { dir, eventTypes: [...eventTypes].sort(), json, avro, proto, protoMessages };
}

function classify(file: string): [SchemaLanguage | undefined, string] {
  for (const [language, extension] of Object.entries(SCHEMA_LANGUAGES)) {
    if (file.endsWith(extension)) return [language as SchemaLanguage, file.slice(0, -extension.length)];
  }
  return [undefined, ""];
}

function parseJsonFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${path} is not JSON: ${String(error)}`, { cause: error });
  }
}

function qualifiedMessageName(path: string, source: string, eventType: string): string {
  let pkg: string | undefined;
  try {
    pkg = protobuf.parse(source, { keepCase: true }).package;
  } catch (error) {
    throw new TypeError(`${path} does not parse: ${String(error)}`, { cause: error });
  }
  const name = pascalCase(eventType);
  return pkg === undefined || pkg === "" ? name : `${pkg}.${name}`;
}
