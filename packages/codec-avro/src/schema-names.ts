// Avro names (specification, "Names"): a full name is a namespace and a name, dot-separated; each
// part matches [A-Za-z_][A-Za-z0-9_]*. Primitive type names cannot be defined in any namespace.

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The primitive type names. */
export const PRIMITIVES: ReadonlySet<string> = new Set([
  "null",
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
]);

/** Throws a `TypeError` naming `where` unless `name` is a valid simple name (no dots). */
export function checkSimpleName(name: unknown, where: string, what = "name"): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    fail(where, `${what} ${JSON.stringify(name)} is not a valid Avro name ([A-Za-z_][A-Za-z0-9_]*)`);
  }
  return name;
}

/** The namespace attribute of a named type: absent or null means the enclosing one; "" means none. */
export function namespaceOf(value: unknown, enclosing: string, where: string): string {
  if (value === undefined || value === null) return enclosing;
  if (typeof value !== "string") fail(where, `namespace ${JSON.stringify(value)} is not a string`);
  if (value !== "") for (const part of value.split(".")) checkSimpleName(part, where, "namespace part");
  return value;
}

/**
 * The full name of `name` in `namespace`: a dotted name is already full. Each part is checked, and
 * a name that is a primitive type name is refused.
 */
export function fullNameOf(name: unknown, namespace: string, where: string): string {
  if (typeof name !== "string") fail(where, `name ${JSON.stringify(name)} is not a string`);
  const full = name.includes(".") || namespace === "" ? name : `${namespace}.${name}`;
  for (const part of full.split(".")) checkSimpleName(part, where);
  if (PRIMITIVES.has(simpleNameOf(full)))
    fail(where, `the primitive type name ${JSON.stringify(name)} cannot be defined`);
  return full;
}

/** The namespace part of a full name ("" when it has none). */
export function namespaceOfFullName(full: string): string {
  const dot = full.lastIndexOf(".");
  return dot === -1 ? "" : full.slice(0, dot);
}

/** The last part of a full name. */
export function simpleNameOf(full: string): string {
  return full.slice(full.lastIndexOf(".") + 1);
}

/** Throws the parser's `TypeError`, naming where in the schema the problem is. */
export function fail(where: string, problem: string): never {
  throw new TypeError(`${where}: ${problem}`);
}
