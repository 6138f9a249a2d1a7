import { LADDER_RATE } from "./plan.js";
import type { ScenarioResult, Transport } from "./scenario.js";

/** The seed's transport table: what it claims for each transport. */
export const SEED: Record<Transport, { label: string; latencyMs: number; throughput: number }> = {
  "sse-h1": { label: "SSE, one connection per client (HTTP/1.1)", latencyMs: 50, throughput: 200 },
  "sse-h2": { label: "SSE multiplexed (HTTP/2, `?types=`)", latencyMs: 30, throughput: 500 },
  ws: { label: "WebSocket (`ws`)", latencyMs: 20, throughput: 600 },
};

const ms = (v: number | undefined) => (v === undefined ? "–" : v < 10 ? v.toFixed(2) : v.toFixed(0));
const int = (v: number) => Math.round(v).toLocaleString("en-US");

const pct = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(0));

/**
 * One Markdown row per scenario. "srv" is the server processes, "cli" the client workers:
 * CPU in % of one core, event-loop delay p99, and run-queue wait (time the main thread was
 * ready but waited for a core that other processes held) in % of the window.
 */
export function formatTable(results: readonly ScenarioResult[]): string {
  const head = [
    "| transport | format | log | srv | clients | rate/s | p50 ms | p99 ms | max ms | delivered/s | lost | behind at cap | late | dup | srv CPU % | srv sys % | srv loop p99 ms | srv wait % | srv µs/event | srv RSS MiB | KiB/client | cli CPU % | cli loop p99 ms | cli wait % | load | note |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  const rows = results.map((r) =>
    [
      r.transport,
      r.format,
      r.log,
      r.servers,
      int(r.clients),
      r.rate === 0 ? "max" : int(r.rate),
      ms(r.latency?.p50),
      ms(r.latency?.p99),
      ms(r.latency?.max),
      int(r.eventsPerSecond),
      r.lost,
      r.stillArriving,
      r.late,
      r.duplicated,
      pct(r.server.cpuPercent),
      pct(r.server.systemShare),
      ms(r.server.eventLoopP99Ms),
      pct(r.server.runQueueWaitPercent),
      r.serverCpuUsPerEvent.toFixed(1),
      r.serverRssMiB.toFixed(0),
      r.heldKiBPerClient.toFixed(1),
      pct(r.clientWorkers.cpuPercent),
      ms(r.clientWorkers.eventLoopP99Ms),
      pct(r.clientWorkers.runQueueWaitPercent),
      r.loadAverage.toFixed(1),
      r.note,
    ].join(" | "),
  );
  return [...head, ...rows.map((row) => `| ${row} |`)].join("\n");
}

/** The verdict against the seed's table: latency at 100 clients, and the producer rate all clients kept up with. */
export function formatVerdict(results: readonly ScenarioResult[]): string {
  const lines = [
    "| transport | seed latency | measured p50 (100 clients, JSON, 50/s) | seed throughput | measured maximum: events/s appended with 100 clients, all delivered (deliveries/s) | verdict |",
    "|---|---:|---:|---:|---:|---|",
  ];
  for (const [transport, seed] of Object.entries(SEED) as [Transport, (typeof SEED)[Transport]][]) {
    const at100 = results.find(
      (r) =>
        r.transport === transport &&
        r.clients === 100 &&
        r.format === "json" &&
        r.log === "memory" &&
        r.rate > 0 &&
        r.slowClients === 0,
    );
    // The memory log: Redis's maximum is its producer's XADD round trips, not the transport.
    const max = results.filter(
      (r) =>
        r.transport === transport &&
        r.log === "memory" &&
        r.rate === 0 &&
        r.lost === 0 &&
        r.stillArriving === 0 &&
        r.duplicated === 0,
    );
    const best = max.sort((a, b) => b.appendedPerSecond - a.appendedPerSecond)[0];
    const rate = best?.appendedPerSecond;
    const p50 = at100?.latency?.p50;
    const holds = p50 !== undefined && rate !== undefined && p50 <= seed.latencyMs && rate >= seed.throughput;
    lines.push(
      `| ${seed.label} | ${seed.latencyMs} ms | ${ms(p50)} ms | ${seed.throughput}/s | ${rate === undefined ? "–" : `${int(rate)}/s (${int(best?.eventsPerSecond ?? 0)})`} | ${p50 === undefined || rate === undefined ? "not measured" : holds ? "✓ holds" : "✗ does not hold"} |`,
    );
  }
  return lines.join("\n");
}

/** An SVG chart: p50 latency and delivered events per second against clients, one line per transport. */
export function renderSvg(results: readonly ScenarioResult[]): string {
  const load = results.filter(
    (r) => r.format === "json" && r.log === "memory" && r.rate === LADDER_RATE && r.slowClients === 0,
  );
  const clients = [...new Set(load.map((r) => r.clients))].sort((a, b) => a - b);
  const colors: Record<Transport, string> = { "sse-h1": "#1f77b4", "sse-h2": "#2ca02c", ws: "#d62728" };
  const panel = (x0: number, title: string, value: (r: ScenarioResult) => number) => {
    const width = 380;
    const height = 220;
    // A log scale: latency spans milliseconds to seconds, throughput hundreds to hundreds of thousands.
    const values = load.map(value).filter((v) => v > 0);
    const lo = Math.log10(Math.min(...values, 1));
    const hi = Math.max(lo + 1, Math.log10(Math.max(...values, 10)));
    const xAt = (i: number) => x0 + 40 + (clients.length <= 1 ? 0 : (i * (width - 60)) / (clients.length - 1));
    const yAt = (v: number) => 40 + height - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * height;
    const parts = [`<text x="${x0 + 40}" y="24" font-size="14">${title} (log scale)</text>`];
    for (let e = Math.ceil(lo); e <= hi; e++) {
      parts.push(`<text x="${x0 + 36}" y="${yAt(10 ** e) + 4}" font-size="10" text-anchor="end">${ms(10 ** e)}</text>`);
    }
    parts.push(`<line x1="${x0 + 40}" y1="${40 + height}" x2="${x0 + width}" y2="${40 + height}" stroke="#999"/>`);
    for (const [i, c] of clients.entries()) {
      parts.push(`<text x="${xAt(i)}" y="${height + 58}" font-size="11" text-anchor="middle">${c}</text>`);
    }
    for (const transport of Object.keys(colors) as Transport[]) {
      const points = clients
        .map((c, i) => {
          const r = load.find((x) => x.transport === transport && x.clients === c);
          return r === undefined ? undefined : `${xAt(i).toFixed(1)},${yAt(value(r)).toFixed(1)}`;
        })
        .filter((p) => p !== undefined);
      parts.push(`<polyline fill="none" stroke="${colors[transport]}" stroke-width="2" points="${points.join(" ")}"/>`);
    }
    return parts.join("");
  };
  const legend = (Object.keys(colors) as Transport[])
    .map(
      (t, i) =>
        `<text x="${40 + i * 160}" y="${330}" font-size="12" fill="${colors[t]}">■ ${SEED[t].label.split(" (")[0]}</text>`,
    )
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="820" height="345" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(0, "p50 latency, ms, vs clients", (r) => r.latency?.p50 ?? 0),
    panel(410, "delivered events/s vs clients", (r) => r.eventsPerSecond),
    legend,
    `<text x="400" y="300" font-size="11" text-anchor="middle">clients (JSON, memory log, fixed rate)</text>`,
    "</svg>",
  ].join("\n");
}
