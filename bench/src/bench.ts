// One run of the bench on the running Node: every case, sizes, cold start and memory, and the
// floors judged on the ratios of this run.
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import { machine } from "./baselines.js";
import { casesFor, type Filters, filterCases } from "./cases.js";
import { benchFanout } from "./fanout.js";
import { CODEC_BUILDERS, EXAMPLE_TYPES, type ExampleType, makeCodecs, makePools } from "./fixtures.js";
import { evaluateFloors } from "./floors.js";
import { measure } from "./measure.js";
import { loadProtobufEsSchemas } from "./protobuf-es.js";
import {
  type ColdStart,
  fmt,
  formatFloors,
  formatSizes,
  formatTable,
  type MemoryResult,
  type Report,
  verdict,
  withRatios,
} from "./report.js";
import { loadEventsourceParser, runtimeVersions } from "./runtime.js";
import { measureSizes } from "./sizes.js";

export interface BenchOptions {
  readonly quick: boolean;
  readonly filters: Filters;
  readonly rounds: number;
  readonly time: number;
  readonly memory: boolean;
}

const log = (line = "") => process.stdout.write(`${line}\n`);

export async function runBench(options: BenchOptions): Promise<Report> {
  const { quick, filters, rounds, time } = options;
  // The machine's load, for the record: other work on the same cores slows every case, which
  // ratios of one run largely cancel and absolute figures do not.
  const loadAtStart = loadavg()[0] as number;
  const codecs = makeCodecs();
  const pools = makePools(quick ? 16 : 64);
  const types = EXAMPLE_TYPES.filter((t) => filters.types.length === 0 || filters.types.includes(t));
  const writerSchemas = Object.fromEntries(
    EXAMPLE_TYPES.map((t) => [
      t,
      (codecs.avro as unknown as { writerSchemas: Map<string, { schema: unknown }[]> }).writerSchemas.get(t)?.[0]
        ?.schema,
    ]),
  ) as Record<ExampleType, unknown>;
  const protobufEs = loadProtobufEsSchemas();
  const eventsourceParser = await loadEventsourceParser();
  const versions = runtimeVersions(eventsourceParser.version);

  const info = machine();
  log(
    `eventwire bench — Node ${versions.node} (V8 ${versions.v8}), ${info.cpu}${quick ? " — quick" : ""}; ${rounds} round(s) of ${time} ms a case`,
  );
  if ("skipped" in protobufEs) log(protobufEs.skipped);
  log(
    `peers: ${Object.entries(versions)
      .filter(([k]) => k !== "node" && k !== "v8")
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );

  const context = {
    codecs,
    writerSchemas,
    jsonSchemas: loadJsonSchemas(),
    protobufEs,
    eventsourceParser: eventsourceParser.createParser,
  };
  const cases = filterCases(
    types.flatMap((t) => casesFor(t, pools[t], context)),
    filters,
  );
  const results = withRatios(await measure(cases, rounds, time));
  const dataBytes = Object.fromEntries(
    types.map((t) => [t, mean(pools[t].map((e) => Buffer.byteLength(JSON.stringify(e.data))))]),
  );
  const floors = evaluateFloors(results, dataBytes);

  const streamEvents = quick ? 200 : 1000;
  const stream = (type: ExampleType) => Array.from({ length: streamEvents }, (_, i) => exampleEnvelopes(i + 1)[type]);
  const sizes = types
    .flatMap((t) => measureSizes(t, stream(t) as never, codecs))
    .filter((s) => filters.codecs.length === 0 || filters.codecs.includes(s.codec));
  const coldStart = measureColdStart(filters, quick ? 3 : 15);
  const memory = options.memory ? measureMemory(quick ? 32 * 2 ** 20 : 2 ** 30) : undefined;
  // The sse-server's fan-out: its own measurement (in-memory clients), after the cases so that
  // its allocations do not land inside theirs.
  const fanout =
    filters.codecs.length + filters.types.length + filters.cases.length > 0
      ? undefined
      : await benchFanout(quick ? { entries: 200, rounds: 1 } : {});

  const report: Report = {
    meta: {
      date: new Date().toISOString(),
      ...info,
      ...versions,
      quick,
      rounds,
      timeMs: time,
      filters,
      dataBytes,
      loadAverage: { start: loadAtStart, end: loadavg()[0] as number },
    },
    versions,
    results,
    floors,
    sizes,
    coldStart,
    memory,
    fanout,
    verdict: verdict(results, sizes, floors),
  };
  printReport(report);
  return report;
}

function measureColdStart(filters: Filters, runs: number): ColdStart[] {
  const coldStart: ColdStart[] = [];
  for (const [codec, build] of Object.entries(CODEC_BUILDERS)) {
    if (filters.codecs.length > 0 && !filters.codecs.includes(codec)) continue;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      build();
      times.push(performance.now() - started);
    }
    coldStart.push({ codec, ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number });
  }
  return coldStart;
}

/** Runs memory.js as its own process on this same Node, so that nothing else is in its heap. */
function measureMemory(bytes: number): MemoryResult {
  const script = fileURLToPath(new URL("./memory.js", import.meta.url));
  return JSON.parse(execFileSync(process.execPath, ["--expose-gc", script, String(bytes)]).toString()) as MemoryResult;
}

function printReport(report: Report): void {
  log();
  log(formatTable(report.results));
  log();
  log(formatFloors(report.floors));
  log();
  log(formatSizes(report.sizes));
  log();
  log(
    `cold start (build the codec for all example types, median): ${report.coldStart.map((c) => `${c.codec} ${c.ms.toFixed(2)} ms`).join(", ")}`,
  );
  const memory = report.memory;
  if (memory !== undefined) {
    log(
      `memory: decoded ${(memory.bytes / 2 ** 20).toFixed(0)} MiB of SSE (${memory.events.toLocaleString("en-US")} JSON envelopes) in ${memory.seconds.toFixed(1)} s; RSS grew ${memory.rssGrowthMiB.toFixed(1)} MiB (young generation up to ${(memory.youngGenerationMiB ?? 0).toFixed(1)} MiB; heap kept after GC ${(memory.heapRetainedMiB ?? 0).toFixed(2)} MiB)`,
    );
  }
  for (const f of report.fanout ?? []) {
    log(
      `fan-out to ${fmt(f.clients)} clients: ${fmt(f.framesPerSecond)} frames/s, ${fmt(f.usPerEntry, 1)} µs per entry, ${f.nsPerClientPerEntry === undefined ? "" : `${fmt(f.nsPerClientPerEntry)} ns per extra client per entry, `}${fmt(f.encodesPerEntry, 2)} encodes per entry`,
    );
  }
  log();
  for (const line of report.verdict) log(line);
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}
