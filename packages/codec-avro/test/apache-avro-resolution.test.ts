// Schema resolution and the Parsing Canonical Form checked against Apache Avro itself (Debian's
// python3-avro 1.11.1, DatumReader(writer, reader)), not only against avsc: a hand case for each
// rule of the specification's "Schema Resolution", generated evolved pairs, and the checked-in
// list of where the two differ because the codec follows the specification's text.
import { readFileSync } from "node:fs";
import { askApacheAvro, base64 } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalFormOf } from "../src/canonical-form.js";
import { fingerprintBytes } from "../src/fingerprint.js";
import { parseSchema } from "../src/parse-schema.js";
import {
  apacheOutcome,
  forApacheAvro,
  type Outcome,
  readOurs,
  untagged,
  withoutLogicalTypes,
  writeDatum,
} from "./apache-avro-outcomes.js";
import { type Evolution, evolvedPairs } from "./evolved-schemas.js";
import { schemaArbitrary } from "./generated-schemas.js";
import { RESOLUTION_CASES } from "./resolution-rules.js";

/** An entry of resolution-differences.json: a resolution case, or a schema's canonical form. */
interface Difference {
  readonly rule: string;
  readonly reason: string;
  readonly writer?: unknown;
  readonly reader?: unknown;
  readonly datum?: unknown;
  readonly schema?: unknown;
  readonly ours: Record<string, unknown>;
  readonly apacheAvro: { value: unknown } | { error: string } | { canonical: string };
}

const differences = JSON.parse(
  readFileSync(new URL("./resolution-differences.json", import.meta.url), "utf8"),
) as Difference[];

interface Case {
  readonly writer: unknown;
  readonly reader: unknown;
  readonly bytes: Uint8Array;
}

/** Apache Avro's outcome of each case, asked in one Python process. */
function askResolutions(cases: readonly Case[]): Outcome[] {
  const { resolve } = askApacheAvro({
    resolve: cases.map((c) => ({
      writer: forApacheAvro(c.writer),
      reader: forApacheAvro(c.reader),
      body: base64(c.bytes),
    })),
  });
  return resolve.map((answer, i) => apacheOutcome(answer, withoutLogicalTypes((cases[i] as Case).reader)));
}

/** The same value, or both refuse (ours when the resolver is made, UNKNOWN_SCHEMA, or when the value is read). */
function expectSameOutcome(ours: Outcome, theirs: Outcome, what: string): void {
  if ("refused" in theirs) expect(ours, `${what}: Apache Avro refused (${theirs.refused})`).toHaveProperty("refused");
  else expect(ours, what).toStrictEqual(theirs);
}

describe("schema resolution against Apache Avro (python3-avro)", () => {
  it(`agrees on every rule of the specification's Schema Resolution (${RESOLUTION_CASES.length} cases)`, () => {
    const cases = RESOLUTION_CASES.map((c) => ({ ...c, bytes: writeDatum(c.writer, c.datum) }));
    const theirs = askResolutions(cases);
    cases.forEach((c, i) => {
      const ours = readOurs(c.writer, c.reader, c.bytes);
      expectSameOutcome(ours, theirs[i] as Outcome, c.rule);
      // The case asserts what its rule says, not only agreement.
      expect("refused" in ours, c.rule).toBe(c.refused);
    });
  });

  // string to bytes, union to non-union, renames and enum defaults (so drop-symbol drops the default too) are where python3-avro 1.11.1
  // departs from the specification: they are in resolution-differences.json instead.
  const AGREED: readonly Evolution[] = ["add", "remove", "promote", "enum", "widen", "drop-symbol"];
  const pairs = evolvedPairs(AGREED)
    .filter(([writer, reader]) => !usesListedDifference(writer, reader))
    .map(([writer, reader, steps, values]) => ({ writer, reader, steps, values }));

  it("reads the same values as Apache Avro over generated evolved pairs (seed 31, 200 runs)", () => {
    const samples = fc.sample(pairs, { seed: 31, numRuns: 200 });
    const cases = samples.flatMap((s) => s.values.map((value) => ({ ...s, bytes: writeDatum(s.writer, value) })));
    const theirs = askResolutions(cases);
    cases.forEach((c, i) => {
      const what = `writer ${JSON.stringify(c.writer)}, reader ${JSON.stringify(c.reader)}`;
      expectSameOutcome(readOurs(c.writer, c.reader, c.bytes), theirs[i] as Outcome, what);
    });
    // Every kind of evolution was exercised, and most pairs were read, not refused by both.
    expect(new Set(samples.flatMap((s) => s.steps))).toEqual(new Set(AGREED));
    expect(theirs.filter((t) => "value" in t).length).toBeGreaterThan(cases.length * 0.8);
    expect(theirs.some((t) => "refused" in t)).toBe(true); // a dropped symbol read: refused by both
  });
});

describe("where the codec follows the specification and python3-avro 1.11.1 does not", () => {
  const resolutions = differences.filter((d) => d.writer !== undefined);
  it(`resolution-differences.json still holds: both sides answer as listed (${differences.length} entries)`, () => {
    const cases = resolutions.map((d) => ({
      writer: d.writer,
      reader: d.reader,
      bytes: writeDatum(d.writer, untagged(d.datum)),
    }));
    const { resolve } = askApacheAvro({
      resolve: cases.map((c) => ({
        writer: forApacheAvro(c.writer),
        reader: forApacheAvro(c.reader),
        body: base64(c.bytes),
      })),
    });
    resolutions.forEach((d, i) => {
      const ours = readOurs(d.writer, d.reader, (cases[i] as Case).bytes);
      expect(ours, d.rule).toStrictEqual({ value: untagged(d.ours) });
      const theirs = resolve[i] as { value: unknown } | { error: string };
      if ("error" in d.apacheAvro)
        expect(theirs, d.rule).toHaveProperty("error", expect.stringContaining(d.apacheAvro.error));
      else expect(theirs, d.rule).toStrictEqual(d.apacheAvro);
    });
    const forms = differences.filter((d) => d.schema !== undefined);
    const answer = askApacheAvro({ fingerprint: forms.map((d) => d.schema) }).fingerprint;
    forms.forEach((d, i) => {
      expect(canonicalFormOf(parseSchema(d.schema)), d.rule).toBe(d.ours.canonical);
      expect(answer[i], d.rule).toHaveProperty("canonical", (d.apacheAvro as { canonical: string }).canonical);
    });
  });
});

describe("the Parsing Canonical Form against Apache Avro's", () => {
  it("the same canonical form and CRC-64-AVRO fingerprint for generated schemas (seed 32, 500 runs, those without an empty namespace)", () => {
    // Logical types stripped and a namespace "" left out: python3-avro's forms of them are listed differences.
    const schemas = fc
      .sample(schemaArbitrary("shape", ""), { seed: 32, numRuns: 500 })
      .map(withoutLogicalTypes)
      .filter((schema) => !JSON.stringify(schema).includes('"namespace":""'));
    expect(schemas.length).toBeGreaterThan(300);
    const answer = askApacheAvro({ fingerprint: schemas }).fingerprint;
    let exact = 0;
    schemas.forEach((schema, i) => {
      const canonical = canonicalFormOf(parseSchema(schema));
      const theirs = answer[i] as { canonical: string; fingerprint: string };
      expect(collapseRepeatedFixed(theirs.canonical), JSON.stringify(schema)).toBe(canonical);
      if (theirs.canonical !== canonical) return;
      // Apache Avro's form as it is: the fingerprint too (computed in Python).
      expect(theirs.fingerprint).toBe(Buffer.from(fingerprintBytes(canonical)).toString("hex"));
      exact += 1;
    });
    expect(exact).toBeGreaterThan(schemas.length * 0.7);
  });
});

/** python3-avro's canonical form with a fixed type written again in full turned into its name (a listed difference). */
function collapseRepeatedFixed(text: string): string {
  const written = new Set<string>();
  const walk = (json: unknown): unknown => {
    if (Array.isArray(json)) return json.map(walk);
    if (typeof json !== "object" || json === null) return json;
    const named = json as Record<string, unknown>;
    if (typeof named.name === "string" && named.type !== undefined && !("fields" in named && named.type === "fixed")) {
      if (named.type === "fixed" && written.has(named.name)) return named.name;
      if (named.type === "fixed" || named.type === "enum" || named.type === "record") written.add(named.name);
    }
    return Object.fromEntries(Object.entries(named).map(([key, value]) => [key, walk(value)]));
  };
  return JSON.stringify(walk(JSON.parse(text)));
}

/** True for a pair that meets a rule of resolution-differences.json (checked there by hand). */
function usesListedDifference(writer: unknown, reader: unknown): boolean {
  const fields = (schema: unknown) =>
    (schema as { fields: { name: string; type: unknown; default?: unknown }[] }).fields;
  if (JSON.stringify(writer).includes('"namespace":""')) return true; // python3-avro reads it as absent
  const before = new Map(fields(writer).map((f) => [f.name, JSON.stringify(f.type)]));
  return fields(reader).some((f) => {
    const type = JSON.stringify(f.type);
    const was = before.get(f.name);
    const floating = type === '"float"' || type === '"double"';
    if (was === undefined) return type.includes('"bytes"') || (floating && Number.isInteger(f.default)); // listed defaults
    return was !== type && type.includes('"bytes"') && !was.includes('"bytes"'); // string promoted to bytes
  });
}
