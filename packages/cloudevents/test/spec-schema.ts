import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

const schema = JSON.parse(readFileSync(new URL("cloudevents.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** The errors of the CloudEvents JSON schema for `event`, empty when it is valid. */
export function specSchemaErrors(event: unknown): string[] {
  if (validate(event)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`);
}
