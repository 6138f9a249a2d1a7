import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_DIR } from "@eventwire/schemas";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkSchemas } from "../src/index.js";
import { BUILD_TIMEOUT, buildCli, CLI_TIMEOUT, copyExampleSchemas, runCli, stopChildren } from "./run-built-cli.js";

beforeAll(async () => {
  await buildCli();
}, BUILD_TIMEOUT);

afterEach(stopChildren);

/** A copy of the example schemas with one file changed by `edit`. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = copyExampleSchemas();
  const path = join(dir, "events", file);
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** An Avro record schema as the edits below see it. */
interface AvroRecord {
  fields: { name: string; type: unknown; default?: unknown }[];
}

/** Edits a JSON file through a function of its parsed value. */
function editJson(change: (value: AvroRecord) => unknown): (text: string) => string {
  return (text) => {
    const value = JSON.parse(text);
    const result = change(value);
    return JSON.stringify(result ?? value);
  };
}

describe("schemas check, in process: each kind of difference is found and named", () => {
  it("the example schemas agree", () => {
    expect(checkSchemas(copyExampleSchemas())).toEqual([]);
  });

  it.each<[string, () => string, { eventType: string; field: string; difference: string | RegExp }]>([
    [
      "a type missing in one language",
      () => {
        const dir = copyExampleSchemas();
        rmSync(join(dir, "events", "user_login.proto"));
        return dir;
      },
      { eventType: "user_login", field: "", difference: "missing in Protobuf (events/user_login.proto)" },
    ],
    [
      "a field only in one language",
      () =>
        brokenCopy(
          "user_login.avsc",
          editJson((s) => {
            s.fields.pop();
          }),
        ),
      { eventType: "user_login", field: "/ip", difference: "field only in JSON Schema" },
    ],
    [
      "a different type",
      () =>
        brokenCopy("sensor_reading.avsc", (t) =>
          t.replace('"name": "battery_pct", "type": "int"', '"name": "battery_pct", "type": "double"'),
        ),
      { eventType: "sensor_reading", field: "/battery_pct", difference: "type: JSON Schema int, Avro double" },
    ],
    [
      "a different type in a record in an array",
      () => brokenCopy("order_placed.proto", (t) => t.replace("int32 quantity = 2;", "string quantity = 2;")),
      { eventType: "order_placed", field: "/items/*/quantity", difference: "type: JSON Schema int, Protobuf string" },
    ],
    [
      "a different optionality",
      () => brokenCopy("order_placed.proto", (t) => t.replace("optional string coupon = 6;", "string coupon = 6;")),
      {
        eventType: "order_placed",
        field: "/coupon",
        difference: "optionality: JSON Schema optional, Protobuf required",
      },
    ],
    [
      "enum symbols that differ",
      () => brokenCopy("order_placed.schema.json", (t) => t.replace('"SHIPPED", "CANCELLED"', '"SHIPPED", "LOST"')),
      { eventType: "order_placed", field: "/status", difference: "enum symbols only in JSON Schema: LOST" },
    ],
    [
      "a map's value type",
      () =>
        brokenCopy("sensor_reading.proto", (t) =>
          t.replace("map<string, double> readings", "map<string, string> readings"),
        ),
      { eventType: "sensor_reading", field: "/readings/*", difference: "type: JSON Schema double, Protobuf string" },
    ],
    [
      "a type outside the shared set (a 64-bit int)",
      () => brokenCopy("sensor_reading.proto", (t) => t.replace("int32 battery_pct", "int64 battery_pct")),
      {
        eventType: "sensor_reading",
        field: "/battery_pct",
        difference: "Protobuf has int64, outside the shared set of types",
      },
    ],
    [
      "a Protobuf file without the PascalCase message",
      () => brokenCopy("user_login.proto", (t) => t.replace("message UserLogin", "message Login")),
      {
        eventType: "user_login",
        field: "",
        difference: /^Protobuf has message eventwire\.examples\.v1\.UserLogin: no such type/,
      },
    ],
    [
      "Avro versions: a field added without a default",
      () =>
        brokenCopy(
          "user_login.avsc",
          editJson((s) => [{ ...s, fields: [...s.fields, { name: "country", type: "string" }] }, s]),
        ),
      {
        eventType: "user_login",
        field: "/country",
        difference: "Avro versions: added without a default, so version 2 (older) cannot be read",
      },
    ],
    [
      "Avro versions: a field whose type cannot be resolved",
      () =>
        brokenCopy(
          "sensor_reading.avsc",
          editJson((s) => [
            s,
            { ...s, fields: s.fields.map((f) => (f.name === "online" ? { ...f, type: "string" } : f)) },
          ]),
        ),
      {
        eventType: "sensor_reading",
        field: "/online",
        difference: /^Avro versions: cannot read what version 2 \(older\) wrote: /,
      },
    ],
  ])("%s", (_, make, expected) => {
    const findings = checkSchemas(make());
    const { difference } = expected;
    expect(findings).toContainEqual({
      ...expected,
      difference: typeof difference === "string" ? difference : expect.stringMatching(difference),
    });
  });

  it("Avro versions that resolve (a field added with a default, one removed) are not reported", () => {
    const dir = brokenCopy(
      "user_login.avsc",
      editJson((s) => [
        { ...s, fields: [...s.fields, { name: "country", type: ["null", "string"], default: null }] },
        { ...s, fields: [...s.fields, { name: "legacy", type: "int" }] },
        s,
      ]),
    );
    expect(checkSchemas(dir).filter((f) => f.difference.startsWith("Avro versions"))).toEqual([]);
  });
});

describe("eventwire schemas check, as a command", CLI_TIMEOUT, () => {
  it("passes on the repository's schemas/ and says so", async () => {
    const result = await runCli(["schemas", "check", SCHEMA_DIR]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.toString("utf8")).toMatch(/^\d+ event types in .*: JSON Schema, Avro and Protobuf agree\n$/);
  });

  it("prints each difference with the type and the field, and exits 1", async () => {
    const dir = brokenCopy("user_login.schema.json", (t) =>
      t.replace('"required": ["user_id", "ip"]', '"required": ["user_id"]'),
    );
    const result = await runCli(["schemas", "check", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout.toString("utf8")).toBe(
      "user_login /ip: optionality: JSON Schema optional, Avro required\n" +
        "user_login /ip: optionality: JSON Schema optional, Protobuf required\n",
    );
    expect(result.stderr).toBe("eventwire schemas check: 2 differences in 4 event types\n");
  });
});
