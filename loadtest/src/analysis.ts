import { LADDER_RATE } from "./plan.js";
import { SEED } from "./report.js";
import type { ScenarioResult, Transport } from "./scenario.js";

const f0 = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(0));
const f1 = (v: number | undefined) => (v === undefined ? "–" : v < 10 ? v.toFixed(2) : v.toFixed(0));

/** A step kept up when everything arrived, once, and delivery ended within a second of the producer. */
export function keptUp(r: ScenarioResult): boolean {
  return r.failedToConnect === 0 && r.lost === 0 && r.stillArriving === 0 && r.duplicated === 0 && r.drainSeconds <= 1;
}

/**
 * What limited a step that did not keep up, from the processes' own figures: connections
 * refused (and why), the server's one thread busy, the load generator busy, or every process
 * waiting for a core that the machine's other work held.
 */
export function limitOf(r: ScenarioResult): { kind: string; evidence: string; remedy: string } {
  const evidence = `server ${f0(r.server.cpuPercent)}% CPU (${f0(r.server.systemShare)}% in the kernel), loop p99 ${f1(r.server.eventLoopP99Ms)} ms, waited for a core ${f0(r.server.runQueueWaitPercent)}% of the time; clients ${f0(r.clientWorkers.cpuPercent)}% CPU; load average ${r.loadAverage.toFixed(1)} on 2 cores`;
  if (r.failedToConnect > 0) {
    const fds = r.failures.includes("EMFILE") || r.failures.includes("ENFILE");
    return {
      kind: fds ? "file descriptors" : `connections refused (${r.failures})`,
      evidence,
      remedy: fds ? "raise `ulimit -n`" : "more server processes, or a larger `maxClients` and accept backlog",
    };
  }
  if (r.server.cpuPercent >= 85)
    return {
      kind: "server CPU: its one event loop",
      evidence: `${evidence}; ${r.serverCpuUsPerEvent.toFixed(1)} µs of server CPU per delivered event`,
      remedy: "more server processes behind one Redis stream (the 3-server rows), or fewer writes per event",
    };
  if (r.clientWorkers.cpuPercent >= 85 * Math.ceil(r.clients / 2500))
    return { kind: "the load generator's CPU", evidence, remedy: "clients on another machine" };
  if ((r.server.runQueueWaitPercent ?? 0) >= 30 || (r.clientWorkers.runQueueWaitPercent ?? 0) >= 30)
    return {
      kind: "the shared machine (the processes waited for a core)",
      evidence,
      remedy: "a machine of its own, or more cores",
    };
  return { kind: "the server's event loop (delay, not CPU)", evidence, remedy: "a profile of the server at this step" };
}

/** Per transport: the largest step that kept up, and what stopped the first that did not. */
export function formatLimits(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const transport of Object.keys(SEED) as Transport[]) {
    const ladder = results.filter(
      (r) => r.transport === transport && r.log === "memory" && r.rate === LADDER_RATE && r.slowClients === 0,
    );
    if (ladder.length === 0) continue;
    const best = Math.max(0, ...ladder.filter(keptUp).map((r) => r.clients));
    const failed = ladder.filter((r) => !keptUp(r)).sort((a, b) => a.clients - b.clients)[0];
    const perClient = ladder.filter((r) => r.clients >= 1000 && r.heldKiBPerClient > 0).map((r) => r.heldKiBPerClient);
    const memory =
      perClient.length === 0
        ? ""
        : ` Server memory: ${f0(Math.max(...perClient))} KiB of JS heap per client at most, not a limit.`;
    const stop =
      failed === undefined
        ? "every step kept up."
        : (() => {
            const limit = limitOf(failed);
            return `${failed.clients.toLocaleString("en-US")} clients (${failed.format}) did not keep up (${failed.lost} lost${failed.stillArriving > 0 ? `, ${failed.stillArriving} still arriving at the drain cap` : ""}, drained ${failed.drainSeconds.toFixed(1)} s late, p50 ${f1(failed.latency?.p50)} ms): **${limit.kind}**: ${limit.evidence}. What would move it: ${limit.remedy}.`;
          })();
    lines.push(
      `- **${SEED[transport].label}**: kept up to ${best.toLocaleString("en-US")} clients at ${ladder[0]?.rate}/s; ${stop}${memory}`,
    );
  }
  return lines.join("\n");
}

/** Stress: the clients that read, without and beside slow ones; what happened to the slow ones. */
export function formatStress(results: readonly ScenarioResult[]): string {
  const lines = [
    "| transport | rate/s | p50 / p99 ms, alone | p50 / p99 ms, beside slow clients | slow clients | cuts | resumes of slow / of others | lost | dup |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const transport of Object.keys(SEED) as Transport[]) {
    const stressed = results.find((r) => r.transport === transport && r.slowClients > 0 && r.log === "memory");
    if (stressed === undefined) continue;
    const alone = results.find(
      (r) =>
        r.transport === transport &&
        r.slowClients === 0 &&
        r.rate === stressed.rate &&
        r.clients === stressed.clients - stressed.slowClients,
    );
    const pair = (r: ScenarioResult | undefined) => `${f1(r?.latency?.p50)} / ${f1(r?.latency?.p99)}`;
    lines.push(
      `| ${transport} | ${stressed.rate} | ${pair(alone)} | ${pair(stressed)} | ${stressed.slowClients} | ${stressed.cutClients} | ${stressed.slowReconnects} / ${stressed.reconnects - stressed.slowReconnects} | ${stressed.lost} | ${stressed.duplicated} |`,
    );
  }
  return lines.join("\n");
}

/** The per-client cost of the server, per transport: CPU per delivered event and memory per client. */
export function formatCosts(results: readonly ScenarioResult[]): string {
  const lines = [
    "| transport | server CPU µs per delivered event (100 / 1,000 clients, JSON) | kernel share | server memory KiB per connected client (JS heap + external, 1,000 clients) |",
    "|---|---:|---:|---:|",
  ];
  for (const transport of Object.keys(SEED) as Transport[]) {
    const at = (clients: number) =>
      results.find(
        (r) =>
          r.transport === transport &&
          r.clients === clients &&
          r.format === "json" &&
          r.log === "memory" &&
          r.rate === LADDER_RATE,
      );
    const [a, b] = [at(100), at(1000)];
    if (a === undefined) continue;
    lines.push(
      `| ${transport} | ${a.serverCpuUsPerEvent.toFixed(1)} / ${b === undefined ? "–" : b.serverCpuUsPerEvent.toFixed(1)} | ${f0((b ?? a).server.systemShare)}% | ${b === undefined ? "–" : b.heldKiBPerClient.toFixed(1)} |`,
    );
  }
  return lines.join("\n");
}
