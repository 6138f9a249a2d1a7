// pnpm loadtest [--quick] [--soak MINUTES] [--max-clients N] [--only REGEX] [--readme]
// The seed's transport table measured on @eventwire/sse-server, over loopback only. Every
// scenario is bounded in count and time; the run stops by itself.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatCosts, formatLimits, formatStress } from "./analysis.js";
import { startCluster } from "./cluster.js";
import { forkChild } from "./fork.js";
import { filterPlan, keyOf, makePlan } from "./plan.js";
import { updateReadme } from "./readme.js";
import { formatTable, formatVerdict, renderSvg } from "./report.js";
import { runScenario } from "./run-scenario.js";
import type { Scenario, ScenarioResult } from "./scenario.js";
import { startRedis } from "./services.js";
import { runSoak } from "./soak.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    soak: { type: "string" },
    "max-clients": { type: "string", default: "5000" },
    readme: { type: "boolean", default: false },
    // Runs only the scenarios whose key (transport/format/log/servers/clients/rate/slow) matches.
    only: { type: "string" },
  },
});
const out = (line = "") => process.stdout.write(`${line}\n`);
const plan = filterPlan(makePlan(args.quick, Number(args["max-clients"])), args.only);
const results: ScenarioResult[] = [];
const MAX_BUFFERED = 256 * 1024;

/** A ladder step that drains this long after the producer stopped is past what the machine serves. */
const OVERLOADED_DRAIN_S = 5;

/**
 * Runs scenarios in order. A transport whose clients can no longer all connect, that loses
 * events, or that is still draining long after its producer stopped, climbs no further: the
 * note of that step says why.
 */
async function runAll(cluster: Parameters<typeof runScenario>[0], scenarios: Scenario[]): Promise<void> {
  const stoppedAt = new Map<string, number>();
  for (const scenario of scenarios) {
    const key = `${scenario.transport}/${scenario.format}/${scenario.log}/${scenario.rate}/${scenario.slowClients}`;
    if (scenario.clients > (stoppedAt.get(key) ?? Number.POSITIVE_INFINITY)) {
      out(`(skipped ${keyOf(scenario)}: the previous step was past the limit)`);
      continue;
    }
    let result: ScenarioResult;
    try {
      result = await runScenario(cluster, scenario, () => forkChild("./producer-process.js"));
    } catch (error) {
      // A step the machine cannot finish is a finding, not the end of the run.
      out(`(${keyOf(scenario)} failed: ${error instanceof Error ? error.message : String(error)})`);
      stoppedAt.set(key, scenario.clients - 1);
      continue;
    }
    const note = noteOf(result);
    results.push({ ...result, note });
    out(formatTable([{ ...result, note }]).split("\n")[2]);
    if (
      result.failedToConnect > 0 ||
      result.lost > 0 ||
      result.stillArriving > 0 ||
      result.drainSeconds > OVERLOADED_DRAIN_S
    ) {
      stoppedAt.set(key, scenario.clients);
    }
  }
}

function noteOf(r: ScenarioResult): string {
  const notes: string[] = [];
  if (r.failedToConnect > 0) notes.push(`${r.failedToConnect} clients could not connect (${r.failures})`);
  if (r.lost > 0) notes.push(`${r.lost} never delivered`);
  if (r.stillArriving > 0) notes.push(`${r.stillArriving} still arriving when the drain reached its cap`);
  if (r.producerLagMs > 100)
    notes.push(`the producer fell ${(r.producerLagMs / 1000).toFixed(1)} s behind its schedule`);
  if (r.drainSeconds > 1) notes.push(`drained ${r.drainSeconds.toFixed(1)} s after the producer stopped`);
  if (r.decodingClients < r.clients) notes.push(`latency sampled on ${r.decodingClients} clients`);
  if (r.slowClients > 0) {
    const slow = r.slowLatency === undefined ? "" : ` (their p99 ${r.slowLatency.p99.toFixed(0)} ms)`;
    const others = r.reconnects - r.slowReconnects;
    notes.push(
      `${r.slowClients} slow clients: ${r.cutClients} cuts, ${r.slowReconnects} resumes${slow}; ${others} resumes of the others`,
    );
  }
  return notes.join("; ");
}

out(`eventwire loadtest — Node ${process.version}${args.quick ? " — quick" : ""}; loopback only`);
out(formatTable([]));
if (plan.memory.length > 0) {
  const memory = await startCluster(
    { log: "memory", redisUrl: undefined, stream: "", maxBufferedBytes: MAX_BUFFERED },
    1,
  );
  try {
    await runAll(memory, plan.memory);
  } finally {
    await memory.stop();
  }
}
const redis = plan.redis.size === 0 ? undefined : await startRedis();
try {
  for (const [servers, scenarios] of plan.redis) {
    const cluster = await startCluster(
      { log: "redis", redisUrl: redis?.url, stream: `lt-${servers}`, maxBufferedBytes: MAX_BUFFERED },
      servers,
    );
    try {
      await runAll(cluster, scenarios);
    } finally {
      await cluster.stop();
    }
  }
} finally {
  await redis?.stop();
}
const soak = args.soak === undefined ? undefined : await runSoak(Number(args.soak), MAX_BUFFERED);

const dir = new URL("../results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const latest = { date: new Date().toISOString(), node: process.version, quick: args.quick, results, soak };
writeFileSync(new URL(args.quick ? "quick.json" : "latest.json", dir), `${JSON.stringify(latest, null, 2)}\n`);
if (!args.quick) writeFileSync(new URL("latest.svg", dir), renderSvg(results));
out();
out(formatVerdict(results));
out();
out(formatLimits(results));
out();
out(formatCosts(results));
out();
out(formatStress(results));
const lost = results.reduce((n, r) => n + r.lost, 0);
const duplicated = results.reduce((n, r) => n + r.duplicated, 0);
const behind = results.reduce((n, r) => n + r.stillArriving, 0);
out(`\nevents lost: ${lost}, duplicated: ${duplicated}, still arriving at a drain cap (behind, not lost): ${behind}`);
if (args.readme) updateReadme(results, soak);
