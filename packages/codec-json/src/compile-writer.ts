import { specialize } from "@eventwire/envelope-core/wire";
import { composeWriter } from "./compose-writer.js";
import { describeSchema, type Field, requiredMask, type Shape } from "./describe-schema.js";

/**
 * The fast path of one event type. `check` accepting means ajv accepts too and that
 * `JSON.stringify` writes the data faithfully (plain objects and arrays, finite numbers, no
 * `undefined`); refusing means only "ask ajv", which gives the reason.
 */
export interface FastPath {
  readonly check: (data: unknown) => boolean;
}

/** How {@link compileWriter} builds a fast path. */
export interface CompileWriterOptions {
  /** `false`: compose closures instead of generating code (strict CSP). Default `true`. */
  codeGeneration: boolean;
}

/**
 * The fast path of a JSON Schema, or `undefined` when the schema uses a keyword that it does
 * not check. Generated code and the closure fallback come from one description
 * ({@link describeSchema}), and the codec's tests run the same laws on both.
 *
 * Why check, then `JSON.stringify`, rather than write the text while checking: a generated
 * writer (one pass, string concatenation) beat check-then-stringify only on Node 20 and only on
 * ASCII data (user_login 1.22x vs 1.03x of ajv + JSON.stringify, CPU time, same run); on Node 24,
 * whose `JSON.stringify` is faster, it lost on every type (0.75-0.84x vs 0.91-1.04x), and on
 * non-ASCII text it lost on both (chat_message 0.87x vs 1.11x on Node 20).
 */
export function compileWriter(schema: unknown, options: CompileWriterOptions): FastPath | undefined {
  const shape = describeSchema(schema);
  if (shape === undefined) return undefined;
  // specialize (envelope-core's one place that calls `new Function`) answers undefined where a
  // Content-Security-Policy forbids it, or inside compileWith(false); no probe runs at load time,
  // since under a strict policy even a refused probe is reported as a violation.
  const check = options.codeGeneration ? generateCheck(shape) : undefined;
  if (check !== undefined) return { check };
  const write = composeWriter(shape);
  return { check: (data) => write(data) !== undefined };
}

function generateCheck(shape: Shape): ((data: unknown) => boolean) | undefined {
  const names = { next: 0 };
  const body = `"use strict";\nreturn function checkData(v) {\n${emit(shape, "v", names)}return true;\n};`;
  return specialize(["OP", "getProto", "isArray"], [Object.prototype, Object.getPrototypeOf, Array.isArray], body);
}

type Names = { next: number };

const FAIL = "return false;";

/** Code that returns false unless the value in variable `v` matches `shape`. */
function emit(shape: Shape, v: string, names: Names): string {
  switch (shape.kind) {
    case "string":
      return `if (typeof ${v} !== "string") ${FAIL}\n`;
    case "boolean":
      return `if (${v} !== true && ${v} !== false) ${FAIL}\n`;
    case "number":
      return `if (typeof ${v} !== "number" || !(${numberTest(shape, v)})) ${FAIL}\n`;
    case "enum": {
      const cases = shape.values.map((value) => `case ${literal(value)}:\n`);
      return `switch (${v}) {\n${cases.join("")}break;\ndefault: ${FAIL}\n}\n`;
    }
    case "array": {
      const id = names.next++;
      return (
        `if (!isArray(${v}) || ${v}.toJSON !== undefined) ${FAIL}\nfor (let i${id} = 0; i${id} < ${v}.length; i${id}++) {\n` +
        `const y${id} = ${v}[i${id}];\n${emit(shape.items, `y${id}`, names)}}\n`
      );
    }
    case "map": {
      const id = names.next++;
      return (
        `${plainTest(v)}for (const k${id} in ${v}) {\n` +
        `const y${id} = ${v}[k${id}];\n${emit(shape.values, `y${id}`, names)}}\n`
      );
    }
    case "object":
      return emitObject(shape.fields, v, names);
  }
}

function emitObject(fields: readonly Field[], v: string, names: Names): string {
  const id = names.next++;
  const item = `x${id}`;
  const cases = fields.map(
    (field) =>
      `case ${literal(field.name)}: {\nif (${item} === undefined) break;\n` +
      (field.bit !== 0 ? `m${id} |= ${field.bit};\n` : "") +
      `${emit(field.shape, item, names)}break;\n}\n`,
  );
  return (
    `${plainTest(v)}let m${id} = 0;\nfor (const k${id} in ${v}) {\n` +
    `const ${item} = ${v}[k${id}];\nswitch (k${id}) {\n${cases.join("")}default: ${FAIL}\n}\n}\n` +
    `if (m${id} !== ${requiredMask(fields)}) ${FAIL}\n`
  );
}

// Only plain objects: a Date, a Map or a class with toJSON is an object to ajv but not to JSON.stringify,
// and a toJSON that for...in does not see (not enumerable) is still called by JSON.stringify. An
// array is written by its indices whatever its class, unless it has a toJSON (checked where arrays are).
function plainTest(v: string): string {
  return `if (typeof ${v} !== "object" || ${v} === null || getProto(${v}) !== OP || ${v}.toJSON !== undefined) ${FAIL}\n`;
}

function numberTest(shape: Extract<Shape, { kind: "number" }>, v: string): string {
  const tests = [shape.integer ? `Number.isInteger(${v})` : `Number.isFinite(${v})`];
  if (shape.min !== Number.NEGATIVE_INFINITY) tests.push(`${v} >= ${shape.min}`);
  if (shape.max !== Number.POSITIVE_INFINITY) tests.push(`${v} <= ${shape.max}`);
  return tests.join(" && ");
}

/** A JavaScript string literal of `text` (JSON's string syntax is a subset of JavaScript's). */
function literal(text: string): string {
  return JSON.stringify(text);
}
