import { codecLaws, dataArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileWriter, type FastPath } from "./compile-writer.js";
import { composeWriter } from "./compose-writer.js";
import { describeSchema, type Shape } from "./describe-schema.js";
import { createAjv, createJsonCodec, type JsonValidator } from "./index.js";

const schemas = loadJsonSchemas();
const examples = exampleEnvelopes();
const ajv = createAjv();
const validators: Record<string, JsonValidator> = Object.fromEntries(
  Object.entries(schemas).map(([type, schema]) => [type, ajv.compile(schema)]),
);

/** Runs `run` with `Function` refusing, as a strict Content-Security-Policy does. */
function withoutEval<T>(run: () => T): T {
  const original = globalThis.Function;
  const refuse = () => {
    throw new EvalError("code generation from strings is not allowed here");
  };
  globalThis.Function = new Proxy(original, { apply: refuse, construct: refuse });
  try {
    return run();
  } finally {
    globalThis.Function = original;
  }
}

/**
 * Whatever a path accepts, the schema accepts, and the closure writer (the fallback's check)
 * accepts it too and writes exactly JSON.stringify's text: so nothing JSON.stringify would
 * change (toJSON, undefined, NaN) slips through.
 */
function expectFaithful(path: FastPath, type: string, data: unknown): boolean {
  const accepted = path.check(data);
  if (accepted) {
    expect(validators[type]?.(data)).toBe(true);
    expect(composeWriter(describeSchema(schemas[type as keyof typeof schemas]) as Shape)(data)).toBe(
      JSON.stringify(data),
    );
  }
  return accepted;
}

class Point {
  x = 1;
}

/** An array that JSON.stringify writes as something else. */
class Rewritten extends Array {
  toJSON(): unknown {
    return "rewritten";
  }
}

// Values a caller might put anywhere in data: each must be refused or written exactly as JSON.stringify does.
const hostile: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  "",
  "\ud800",
  'a"b\\c\n\u0001',
  "😀 日本語",
  null,
  undefined,
  true,
  [],
  [undefined],
  {},
  new Date(0),
  new Map([["a", 1]]),
  Object.create(null),
  new Point(),
  () => 1,
  Symbol("s"),
  10n,
  { __proto__: null, user_id: "u" },
  // JSON.stringify calls toJSON wherever it finds one: own, inherited, enumerable or not.
  Object.assign(["x"], { toJSON: () => "rewritten" }),
  Rewritten.from(["x"]),
  Object.defineProperty({ user_id: "u" }, "toJSON", { value: () => ({}) }),
  Object.defineProperty([], "toJSON", { value: () => 1 }),
];

/** Every path into `value` (as key lists), the root included. */
function pathsOf(value: unknown, at: string[] = []): string[][] {
  const out = [at];
  if (typeof value === "object" && value !== null)
    for (const key of Object.keys(value)) out.push(...pathsOf((value as Record<string, unknown>)[key], [...at, key]));
  return out;
}

/** A copy of `data` with the value at `path` replaced (or a key added or deleted there). */
function mutate(data: unknown, path: string[], edit: { kind: "set" | "add" | "delete"; value: unknown }): unknown {
  const copy = structuredClone(data);
  if (path.length === 0) return edit.kind === "set" ? edit.value : copy;
  let parent = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (edit.kind === "set") parent[last] = edit.value;
  else if (edit.kind === "delete") delete parent[last];
  else parent[`${last}_extra`] = edit.value;
  return copy;
}

describe.each(["generated", "closures"] as const)("the %s fast path of each example type", (mode) => {
  for (const [type, schema] of Object.entries(schemas)) {
    const path = compileWriter(schema, { codeGeneration: mode === "generated" }) as FastPath;
    const example = examples[type as keyof typeof examples].data;

    it(`${type}: the example is accepted and written as JSON.stringify writes it`, () => {
      expect(path).toBeDefined();
      expect(expectFaithful(path, type, example)).toBe(true);
    });

    it(`${type}: generated data is accepted and written as JSON.stringify writes it`, () => {
      const data = dataArbitrary(schema as SharedSchema);
      fc.assert(
        fc.property(data, (d) => {
          expect(expectFaithful(path, type, d)).toBe(true);
        }),
        { seed: 11, numRuns: 300 },
      );
    });

    it(`${type}: every hostile change is refused or written exactly, as the schema says`, () => {
      const paths = pathsOf(example);
      const edit = fc.record({
        kind: fc.constantFrom("set", "add", "delete") as fc.Arbitrary<"set" | "add" | "delete">,
        value: fc.constantFrom(...hostile),
      });
      fc.assert(
        fc.property(fc.constantFrom(...paths), edit, (at, change) => {
          expectFaithful(path, type, mutate(example, at, change));
        }),
        { seed: 12, numRuns: 400 },
      );
    });
  }
});

describe("the generated and the closure paths agree", () => {
  it("on every hostile change of every example type", () => {
    for (const [type, schema] of Object.entries(schemas)) {
      const generated = compileWriter(schema, { codeGeneration: true }) as FastPath;
      const composed = compileWriter(schema, { codeGeneration: false }) as FastPath;
      const example = examples[type as keyof typeof examples].data;
      // At most about 60 paths of each type, spread over the whole example (log_batch has hundreds).
      const paths = pathsOf(example);
      const step = Math.ceil(paths.length / 60);
      for (const at of paths.filter((_, i) => i % step === 0))
        for (const value of hostile) {
          const d = mutate(example, at, { kind: "set", value });
          expect([type, at, composed.check(d)]).toStrictEqual([type, at, generated.check(d)]);
        }
    }
  });

  it("no fast path for a schema with a keyword the writers do not check", () => {
    expect(compileWriter({ type: "string", format: "email" }, { codeGeneration: true })).toBeUndefined();
    expect(compileWriter({ type: "object", properties: {} }, { codeGeneration: true })).toBeUndefined();
    expect(compileWriter({ type: "array", items: { type: "string", pattern: "a" } }, { codeGeneration: true })).toBe(
      undefined,
    );
  });
});

describe("codec laws on the closure writers (no code generated)", () => {
  const codec = withoutEval(() => createJsonCodec({ types: schemas, validators, codeGeneration: false }));
  for (const law of codecLaws(codec, {
    types: schemas as Record<string, SharedSchema>,
    numRuns: 300,
    seed: 3,
    examples: Object.values(examples),
  })) {
    it(law.name, () => withoutEval(law.run));
  }
});
