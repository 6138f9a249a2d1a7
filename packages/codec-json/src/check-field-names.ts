import type { JsonSchema } from "./json-schema.js";

/**
 * Throws a `TypeError` when `schema` declares a field named `__proto__` in any `properties`.
 * ajv ignores that key there, also with `ownProperties`, so the field could never be checked:
 * a value of any type would be refused as undeclared by ajv while a fast check accepted it.
 * Saying so when the codec is made beats a misleading refusal per event. A map's
 * `__proto__` key (`additionalProperties`) is data and stays allowed.
 */
export function checkFieldNames(eventType: string, schema: JsonSchema): void {
  let declared = false;
  // Visits every own key of a JSON schema, `__proto__` included, in a few bytes of code; a schema
  // that is not JSON (a cycle, a bigint) is a TypeError here, as ajv would refuse it too.
  JSON.stringify(schema, (key, value: unknown) => {
    if (key === "properties" && Object.hasOwn(Object(value), "__proto__")) declared = true;
    return value;
  });
  if (declared) {
    throw new TypeError(`event type ${JSON.stringify(eventType)} declares a field named __proto__, which ajv ignores`);
  }
}
