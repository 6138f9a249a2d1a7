// pnpm bench [--quick] [--codec json,avro] [--type user_login] [--case decode] [--rounds N] [--time MS]
//            [--no-memory] [--readme: write the tables into README.md]
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { exampleEnvelopes } from "@eventwire/schemas";
import { machine } from "./baselines.js";
import { casesFor, filterCases } from "./cases.js";
import { CODEC_BUILDERS, EXAMPLE_TYPES, type ExampleType, makeCodecs, makePools } from "./fixtures.js";
import { measure } from "./measure.js";
import { updateReadme } from "./readme.js";
import {
  type ColdStart,
  formatSizes,
  formatTable,
  type MemoryResult,
  type Report,
  renderSvg,
  verdict,
  withRatios,
} from "./report.js";
import { measureSizes } from "./sizes.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    codec: { type: "string", multiple: true, default: [] },
    type: { type: "string", multiple: true, default: [] },
    case: { type: "string", multiple: true, default: [] },
    rounds: { type: "string" },
    time: { type: "string" },
    "no-memory": { type: "boolean", default: false },
    readme: { type: "boolean", default: false },
  },
});
const split = (list: string[]) => list.flatMap((s) => s.split(",")).filter((s) => s !== "");
const filters = { codecs: split(args.codec), types: split(args.type), cases: split(args.case) };
const rounds = Number(args.rounds ?? (args.quick ? 1 : 3));
const time = Number(args.time ?? (args.quick ? 40 : 150));
const streamEvents = args.quick ? 200 : 1000;
const memoryBytes = args.quick ? 32 * 2 ** 20 : 2 ** 30;

const codecs = makeCodecs();
const pools = makePools(args.quick ? 16 : 64);
const types = EXAMPLE_TYPES.filter((t) => filters.types.length === 0 || filters.types.includes(t));
const writerSchemas = Object.fromEntries(
  EXAMPLE_TYPES.map((t) => [
    t,
    (codecs.avro as unknown as { writerSchemas: Map<string, { schema: unknown }[]> }).writerSchemas.get(t)?.[0]?.schema,
  ]),
) as Record<ExampleType, unknown>;

const log = (line = "") => process.stdout.write(`${line}\n`);
const info = machine();
log(
  `eventwire bench — Node ${info.node}, ${info.cpu}${args.quick ? " — quick" : ""}; ${rounds} round(s) of ${time} ms a case`,
);

const cases = filterCases(
  types.flatMap((t) => casesFor(t, pools[t], codecs, writerSchemas)),
  filters,
);
const results = withRatios(await measure(cases, rounds, time));

const stream = (type: ExampleType) => Array.from({ length: streamEvents }, (_, i) => exampleEnvelopes(i + 1)[type]);
const sizes = types
  .flatMap((t) => measureSizes(t, stream(t) as never, codecs))
  .filter((s) => filters.codecs.length === 0 || filters.codecs.includes(s.codec));

const coldStart: ColdStart[] = [];
for (const [codec, build] of Object.entries(CODEC_BUILDERS)) {
  if (filters.codecs.length > 0 && !filters.codecs.includes(codec)) continue;
  const times: number[] = [];
  for (let i = 0; i < (args.quick ? 3 : 15); i++) {
    const started = performance.now();
    build();
    times.push(performance.now() - started);
  }
  coldStart.push({ codec, ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number });
}

let memory: MemoryResult | undefined;
if (!args["no-memory"]) {
  const script = fileURLToPath(new URL("./memory.js", import.meta.url));
  memory = JSON.parse(
    execFileSync(process.execPath, ["--expose-gc", script, String(memoryBytes)]).toString(),
  ) as MemoryResult;
}

const report: Report = {
  meta: { date: new Date().toISOString(), ...info, quick: args.quick, rounds, timeMs: time, filters },
  results,
  sizes,
  coldStart,
  memory,
  verdict: verdict(results, sizes),
};

log();
log(formatTable(results));
log();
log(formatSizes(sizes));
log();
log(
  `cold start (build the codec for all example types, median): ${coldStart.map((c) => `${c.codec} ${c.ms.toFixed(2)} ms`).join(", ")}`,
);
if (memory !== undefined) {
  log(
    `memory: decoded ${(memory.bytes / 2 ** 20).toFixed(0)} MiB of SSE (${memory.events.toLocaleString("en-US")} JSON envelopes) in ${memory.seconds.toFixed(1)} s; RSS grew ${memory.rssGrowthMiB.toFixed(1)} MiB`,
  );
}
log();
for (const line of report.verdict) log(line);

const dir = new URL("../results/", import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL("latest.json", dir), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(new URL("latest.svg", dir), renderSvg(report));
log();
log(`wrote bench/results/latest.json and bench/results/latest.svg`);
if (args.readme) {
  updateReadme(new URL("../../README.md", import.meta.url), report);
  log("updated the bench section of README.md");
}
