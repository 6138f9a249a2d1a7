import type { SharedSchema } from "./arbitraries.js";

/**
 * Field names that `Object.prototype` also has. A reader that does not ask for own properties
 * finds `Object` for an absent optional `constructor`, and so on.
 */
export const PROTOTYPE_NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"] as const;

/** Options of {@link prototypeNamesSchema}. */
export interface PrototypeNamesOptions {
  /** Include a field named `__proto__` (Avro allows one; ajv ignores it in `properties`). Default true. */
  protoField: boolean;
}

/**
 * A record whose optional fields are named like `Object.prototype` members, nested once, for
 * the property tests of every codec (each codec writes the same record in its own language).
 * `name` is the only required field, so `{ name: "x" }` is valid.
 */
export function prototypeNamesSchema(options: Partial<PrototypeNamesOptions> = {}): SharedSchema {
  const inner: Record<string, SharedSchema> = { name: { type: "string" } };
  defineField(inner, "constructor", { type: "string" });
  defineField(inner, "toString", { type: "string" });
  defineField(inner, "valueOf", { type: "integer" });
  defineField(inner, "hasOwnProperty", { type: "boolean" });
  if (options.protoField !== false) defineField(inner, "__proto__", { type: "string" });
  const nested: SharedSchema = { type: "object", properties: inner, required: ["name"], additionalProperties: false };
  const outer: Record<string, SharedSchema> = { ...inner };
  outer.nested = nested;
  return { type: "object", properties: outer, required: ["name"], additionalProperties: false };
}

/** Sets an own property, also `__proto__` (which an assignment or a literal key would not make). */
function defineField(target: Record<string, SharedSchema>, name: string, value: SharedSchema): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
