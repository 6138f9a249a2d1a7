import { appendPointer } from "@eventwire/envelope-core/wire";
import avro from "avsc";
import type { ShapeDifference } from "./compare-shapes.js";

/** The parts of avsc's types this check reads (its typings leave some out). */
interface AvscType {
  readonly typeName: string;
  readonly fields?: readonly AvscField[];
  createResolver(writer: AvscType): unknown;
}

interface AvscField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly type: AvscType;
  defaultValue(): unknown;
}

/**
 * Whether the newest version of an Avro type reads data written with each older one (Schema
 * Registry's BACKWARD check, against every older version: BACKWARD_TRANSITIVE). Resolution is
 * avsc's, the rules of the Avro specification; the field-by-field walk only names where it fails.
 */
export function checkAvroBackward(versions: readonly unknown[]): ShapeDifference[] {
  const [newest, ...older] = versions;
  if (newest === undefined) return [];
  const found: ShapeDifference[] = [];
  const reader = parse(newest, "the newest version", found);
  older.forEach((schema, i) => {
    const label = `version ${i + 2} (older)`;
    const writer = parse(schema, label, found);
    if (reader === undefined || writer === undefined) return;
    try {
      reader.createResolver(writer);
    } catch (error) {
      const before = found.length;
      explain(reader, writer, "", label, found);
      if (found.length === before) {
        found.push({ field: "", difference: `the newest version cannot read ${label}: ${(error as Error).message}` });
      }
    }
  });
  return found;
}

function parse(schema: unknown, label: string, found: ShapeDifference[]): AvscType | undefined {
  try {
    return avro.Type.forSchema(schema as avro.Schema) as unknown as AvscType;
  } catch (error) {
    found.push({ field: "", difference: `${label} is not a valid Avro schema: ${(error as Error).message}` });
    return undefined;
  }
}

/** Finds the fields where `reader` cannot resolve `writer`, recursing into records. */
function explain(reader: AvscType, writer: AvscType, at: string, label: string, found: ShapeDifference[]): void {
  if (reader.fields === undefined || writer.fields === undefined) {
    if (!resolves(reader, writer)) {
      found.push({ field: at, difference: `${reader.typeName} cannot read ${writer.typeName} written by ${label}` });
    }
    return;
  }
  for (const field of reader.fields) {
    const path = appendPointer(at, field.name);
    const source = writer.fields.find((w) => w.name === field.name || field.aliases.includes(w.name));
    if (source === undefined) {
      if (field.defaultValue() === undefined) {
        found.push({ field: path, difference: `added without a default, so ${label} cannot be read` });
      }
      continue;
    }
    if (!resolves(field.type, source.type)) explainField(field.type, source.type, path, label, found);
  }
}

function explainField(reader: AvscType, writer: AvscType, at: string, label: string, found: ShapeDifference[]): void {
  if (reader.fields !== undefined && writer.fields !== undefined) {
    explain(reader, writer, at, label, found);
    return;
  }
  try {
    reader.createResolver(writer);
  } catch (error) {
    found.push({ field: at, difference: `cannot read what ${label} wrote: ${(error as Error).message}` });
  }
}

function resolves(reader: AvscType, writer: AvscType): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}
