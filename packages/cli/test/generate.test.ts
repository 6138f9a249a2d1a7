import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createJsonCodec, type JsonValidator } from "@eventwire/codec-json";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import { captureEnvelopeError } from "@eventwire/testkit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BUILD_TIMEOUT,
  buildCli,
  CLI_TIMEOUT,
  copyExampleSchemas,
  runCli,
  stopChildren,
  TEST_TYPES,
} from "./run-built-cli.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
// Inside the package, so that the consumer resolves @eventwire/* as a user's project would.
const CACHE = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));

let dir: string;
let generated: string;

beforeAll(async () => {
  await buildCli();
  mkdirSync(CACHE, { recursive: true });
  dir = mkdtempSync(join(CACHE, "generate-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const result = await runCli(["generate", copyExampleSchemas(), "--out", join(dir, "events.ts")]);
  expect(result.stderr).toBe("");
  expect(result.stdout.toString("utf8")).toBe(`wrote ${join(dir, "events.ts")}: types of 4 event types\n`);
  generated = readFileSync(join(dir, "events.ts"), "utf8");
}, BUILD_TIMEOUT);

afterEach(stopChildren);

/** Type-checks `source` beside the generated file with the repository's strict flags; returns tsc's output. */
async function typecheck(name: string, source: string): Promise<{ ok: boolean; output: string }> {
  writeFileSync(join(dir, name), source);
  const compilerOptions = {
    noEmit: true,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    skipLibCheck: true,
    types: ["node"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: [name] }));
  try {
    await promisify(execFile)(process.execPath, [TSC, "-p", dir], { cwd: dir });
    return { ok: true, output: "" };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout) };
  }
}

const USE = `import { createJsonCodec } from "@eventwire/codec-json";
import type { EnvelopeOf } from "@eventwire/envelope-core";
import { EVENT_TYPES, type Events } from "./events.js";

export function describeEvent(e: EnvelopeOf<Events>): string {
  if (e.event_type === "order_placed") return \`\${e.data.customer.customer_id} \${e.data.status} \${e.data.coupon ?? ""}\`;
  if (e.event_type === "sensor_reading") return String(e.data.readings["co2_ppm"] ?? e.data.location?.lat);
  return e.event_type;
}
export const codec = createJsonCodec<Events>({ types: {} });
export const status: Events["order_placed"]["status"] = "SHIPPED";
export const types: readonly (keyof Events)[] = EVENT_TYPES;
`;

describe("generate: the types compile, and catch a wrong field (a type test run by tsc)", CLI_TIMEOUT, () => {
  it("writes one interface per type and the Events map", () => {
    expect(generated).toContain("export interface UserLogin {\n  user_id: string;\n  ip: string;\n}");
    expect(generated).toContain('  status: "PENDING" | "PAID" | "SHIPPED" | "CANCELLED";');
    expect(generated).toContain("  coupon?: string;");
    expect(generated).toContain("  metadata: Record<string, string>;");
    expect(generated).toContain(
      "export interface Events {\n  log_batch: LogBatch;\n  order_placed: OrderPlaced;\n  sensor_reading: SensorReading;\n  user_login: UserLogin;\n}",
    );
  });

  it("a correct use compiles", async () => {
    expect(await typecheck("use.ts", USE)).toEqual({ ok: true, output: "" });
  });

  it.each([
    ["an undeclared field", 'export const x: Events["user_login"] = { user_id: "u", ip: "i", admin: true };', /admin/],
    ["a missing required field", 'export const x: Events["user_login"] = { user_id: "u" };', /ip/],
    [
      "a wrong field type",
      'export const x: Events["sensor_reading"]["battery_pct"] = "full";',
      /not assignable to type 'number'/,
    ],
    ["an unknown enum symbol", 'export const x: Events["order_placed"]["status"] = "LOST";', /"LOST"/],
    [
      "undefined for an optional field",
      'export const x: Events["order_placed"]["customer"] = { customer_id: "c", vip: true, email: undefined };',
      /email/,
    ],
    [
      "a field of another event type",
      'export const f = (e: EnvelopeOf<Events>) => e.event_type === "user_login" && e.data.order_id;',
      /order_id/,
    ],
  ])("%s does not compile", async (_, line, message) => {
    const source = `import type { EnvelopeOf } from "@eventwire/envelope-core";\nimport type { Events } from "./events.js";\n${line}\n`;
    const result = await typecheck("wrong.ts", source);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/wrong\.ts\(3,\d+\): error TS\d+/);
    expect(result.output).toMatch(message);
  });

  it("--out is required, and an unknown flag is bad usage", async () => {
    const missing = await runCli(["generate"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("eventwire generate: --out FILE.ts is required (see eventwire generate --help)\n");
    const unknown = await runCli(["generate", "--out", join(dir, "x.ts"), "--watch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^eventwire generate: Unknown option '--watch'/);
  });
});

describe("generate --validators: ajv standalone code the JSON codec runs without eval", CLI_TIMEOUT, () => {
  let file: string;
  let validators: Record<string, JsonValidator>;

  beforeAll(async () => {
    file = join(dir, "with-validators.ts");
    const result = await runCli(["generate", copyExampleSchemas(), "--out", file, "--validators"]);
    expect(result.code).toBe(0);
    ({ validators } = (await import(file)) as { validators: Record<string, JsonValidator> });
  }, BUILD_TIMEOUT);

  it("validates as the codec compiled from the schemas does: the same envelopes pass, the same errors", () => {
    const compiled = createJsonCodec({ types: loadJsonSchemas() });
    const precompiled = createJsonCodec({ validators, codeGeneration: false });
    const examples = exampleEnvelopes();
    for (const type of TEST_TYPES) expect(precompiled.decode(compiled.encode(examples[type]))).toEqual(examples[type]);
    const wrongs = [
      { ...examples.user_login, data: { user_id: "u" } },
      { ...examples.order_placed, data: { ...examples.order_placed.data, status: "LOST" } },
      { ...examples.sensor_reading, data: { ...examples.sensor_reading.data, battery_pct: 2 ** 31 } },
      { ...examples.log_batch, data: { ...examples.log_batch.data, extra: 1 } },
    ];
    for (const wrong of wrongs) {
      const expected = captureEnvelopeError(() => compiled.encode(wrong));
      const actual = captureEnvelopeError(() => precompiled.encode(wrong));
      expect([actual.code, actual.path, actual.eventType]).toEqual([expected.code, expected.path, expected.eventType]);
    }
  });

  it("a codec typed by Events takes the generated validators (tsc)", async () => {
    const source = `import { createJsonCodec } from "@eventwire/codec-json";
import { type Events, validators } from "./with-validators.js";
export const codec = createJsonCodec<Events>({ validators, codeGeneration: false });
`;
    expect(await typecheck("use-validators.ts", source)).toEqual({ ok: true, output: "" });
  });

  it("the examples' strict-CSP page bundles what generate writes today (examples/src/csp/example-events.gen.ts)", () => {
    const checkedIn = readFileSync(join(ROOT, "examples", "src", "csp", "example-events.gen.ts"), "utf8");
    expect(checkedIn).toBe(readFileSync(file, "utf8"));
  });
});
