import { mkdirSync, writeFileSync } from "node:fs";
import { codecLaws, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import standaloneCode from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { createAjv, createJsonCodec, type JsonValidator } from "./index.js";

const schemas = loadJsonSchemas();
const examples = exampleEnvelopes();

/**
 * Each schema as the ES module that `ajv/dist/standalone` writes, imported back. The modules sit
 * under this package's node_modules so that their imports of ajv's runtime resolve.
 */
async function standaloneValidators(): Promise<Record<string, JsonValidator>> {
  const dir = new URL(`../node_modules/.cache/standalone-${process.pid}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  const ajv = createAjv({ standalone: true });
  const out: Record<string, JsonValidator> = {};
  for (const [eventType, schema] of Object.entries(schemas)) {
    const file = new URL(`${eventType}.mjs`, dir);
    writeFileSync(file, standaloneCode.default(ajv, ajv.compile(schema)));
    out[eventType] = ((await import(file.href)) as { default: JsonValidator }).default;
  }
  return out;
}

/** Runs `run` with `Function` (and so `new Function`) refusing, as a strict Content-Security-Policy does. */
function withoutEval<T>(run: () => T): T {
  const original = globalThis.Function;
  globalThis.Function = new Proxy(original, {
    apply: () => {
      throw new EvalError("code generation from strings is not allowed here");
    },
    construct: () => {
      throw new EvalError("code generation from strings is not allowed here");
    },
  });
  try {
    return run();
  } finally {
    globalThis.Function = original;
  }
}

const loaded = await standaloneValidators();

describe("precompiled (standalone) validators, no code generation", () => {
  const validators = loaded;

  it("the guard works: new Function, and so ajv's compiler, refuse inside withoutEval", () => {
    expect(() => withoutEval(() => new Function("return 1"))).toThrow(EvalError);
    expect(() => withoutEval(() => createJsonCodec({ types: schemas }))).toThrowError(/does not compile/);
  });

  it("makes a codec and round-trips the examples without calling new Function", () => {
    withoutEval(() => {
      const codec = createJsonCodec({ validators, codeGeneration: false });
      for (const e of Object.values(examples)) expect(codec.decode(codec.encode(e))).toStrictEqual(e);
      expect(() => codec.decodeText(JSON.stringify({ ...examples.user_login, data: { user_id: 1 } }))).toThrow(
        /INVALID_DATA/,
      );
    });
  });

  it("refuses a type with only a schema when code generation is off", () => {
    expect(() => createJsonCodec({ types: schemas, codeGeneration: false })).toThrowError(/precompiled validators/);
  });

  describe("the codec laws, with no code generated while they run", () => {
    const codec = withoutEval(() => createJsonCodec({ validators: loaded, codeGeneration: false }));
    const laws = codecLaws(codec, {
      types: schemas as Record<string, SharedSchema>,
      numRuns: 300,
      seed: 7,
      examples: Object.values(examples),
    });
    for (const law of laws) it(law.name, () => withoutEval(law.run));
  });
});
