import { type Field, requiredMask, type Shape } from "./describe-schema.js";
import { quoteJsonString } from "./write-json-string.js";

/**
 * Writes one event type's `data` as JSON text while checking it against the schema, in one
 * pass, or returns `undefined` for anything it does not accept as the schema would: the
 * generated one (`compile-writer.ts`) or its closure twin below.
 */
export type DataWriter = (data: unknown) => string | undefined;

/** Appends the JSON text of `value` to `out`, or returns `undefined` when `value` does not match. */
type Step = (value: unknown, out: string) => string | undefined;

/**
 * The closure writer of a shape: the same checks and text as the generated one (see
 * `compile-writer.ts`), step for step, for runtimes where `new Function` is forbidden.
 */
export function composeWriter(shape: Shape): DataWriter {
  const step = composeStep(shape);
  return (data) => step(data, "");
}

function composeStep(shape: Shape): Step {
  switch (shape.kind) {
    case "string":
      return (value, out) => (typeof value === "string" ? out + quoteJsonString(value) : undefined);
    case "boolean":
      return (value, out) => (value === true ? `${out}true` : value === false ? `${out}false` : undefined);
    case "number":
      return composeNumber(shape);
    case "enum": {
      const texts = new Map(shape.values.map((value) => [value, JSON.stringify(value)]));
      return (value, out) => {
        const text = typeof value === "string" ? texts.get(value) : undefined;
        return text === undefined ? undefined : out + text;
      };
    }
    case "array":
      return composeArray(composeStep(shape.items));
    case "map":
      return composeMap(composeStep(shape.values));
    case "object":
      return composeObject(shape.fields);
  }
}

function composeNumber(shape: Extract<Shape, { kind: "number" }>): Step {
  const { integer, min, max } = shape;
  return (value, out) => {
    if (typeof value !== "number" || !(integer ? Number.isInteger(value) : Number.isFinite(value))) return undefined;
    return value >= min && value <= max ? out + String(value) : undefined;
  };
}

function composeArray(item: Step): Step {
  return (value, out) => {
    if (!isPlainArray(value)) return undefined;
    let text: string | undefined = `${out}[`;
    for (let i = 0; i < value.length; i++) {
      if (i !== 0) text += ",";
      text = item(value[i], text);
      if (text === undefined) return undefined;
    }
    return `${text}]`;
  };
}

function composeMap(entry: Step): Step {
  return (value, out) => {
    if (!isPlain(value)) return undefined;
    let text: string | undefined = `${out}{`;
    let count = 0;
    for (const key in value) {
      text = entry((value as Record<string, unknown>)[key], `${text}${count === 0 ? "" : ","}${quoteJsonString(key)}:`);
      if (text === undefined) return undefined;
      count = 1;
    }
    return `${text}}`;
  };
}

interface FieldStep {
  readonly bit: number;
  readonly first: string;
  readonly next: string;
  readonly step: Step;
}

function composeObject(fields: readonly Field[]): Step {
  const steps = new Map<string, FieldStep>();
  for (const field of fields) {
    const key = JSON.stringify(field.name);
    steps.set(field.name, { bit: field.bit, first: `${key}:`, next: `,${key}:`, step: composeStep(field.shape) });
  }
  const mask = requiredMask(fields);
  return (value, out) => {
    if (!isPlain(value)) return undefined;
    let text: string | undefined = `${out}{`;
    let count = 0;
    let seen = 0;
    for (const key in value) {
      const field = steps.get(key);
      if (field === undefined) return undefined;
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      seen |= field.bit;
      text = field.step(item, text + (count === 0 ? field.first : field.next));
      if (text === undefined) return undefined;
      count = 1;
    }
    return seen === mask ? `${text}}` : undefined;
  };
}

/**
 * Only plain objects: a Date, a Map or a class with toJSON is an object to ajv but not to
 * JSON.stringify, which also calls a toJSON that for...in does not see (not enumerable).
 */
function isPlain(value: unknown): value is object {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !hasToJson(value)
  );
}

/** An array is written by its indices whatever its class, unless it has a toJSON. */
function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && !hasToJson(value);
}

function hasToJson(value: object): boolean {
  return (value as { toJSON?: unknown }).toJSON !== undefined;
}
