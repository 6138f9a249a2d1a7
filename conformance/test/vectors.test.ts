import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { EXAMPLE_TYPES, loadVectors, SCHEMA_DIR } from "@eventwire/schemas";
import { createExampleCodecs, FORMATS, vectorChecks } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { makeVectors } from "./reference-vectors.js";

// schemas/vectors/*.json are checked in; every run makes them again from the reference tools and
// checks that they still make exactly the checked-in bytes. This test never writes them: a
// missing or changed file is a failure, and its diff is what to review and check in by hand.
const codecs = createExampleCodecs();
const { valid, invalid } = makeVectors();
const files = ["valid.json", "invalid.json"].map((name) => `${SCHEMA_DIR}vectors/${name}`);
const present = files.every((file) => existsSync(file));
const checkedIn = present ? loadVectors() : undefined;

describe("schemas/vectors", () => {
  it("are checked in (never made by this test)", () => {
    expect(files.filter((file) => !existsSync(file))).toEqual([]);
  });

  it("hold every example type", () => {
    expect(new Set(checkedIn?.valid.cases.map((c) => c.envelope.event_type))).toEqual(new Set(EXAMPLE_TYPES));
  });

  it("are what the reference tools make today", () => {
    expect(checkedIn?.valid).toEqual(JSON.parse(JSON.stringify(valid)));
    expect(checkedIn?.invalid).toEqual(JSON.parse(JSON.stringify(invalid)));
  });

  it("JSON vectors read back with Python's json to the same objects", () => {
    const script = "import json,sys; print(json.dumps([json.loads(t) for t in json.load(sys.stdin)]))";
    const out = execFileSync("/usr/bin/python3", ["-c", script], {
      input: JSON.stringify(valid.cases.map((c) => c.json)),
    });
    expect(JSON.parse(out.toString())).toEqual(valid.cases.map((c) => c.envelope));
  });

  for (const name of FORMATS) {
    // Without the files there is nothing to check against; the test above fails.
    for (const check of checkedIn === undefined ? [] : vectorChecks(codecs[name], checkedIn)) it(check.name, check.run);
  }
});
