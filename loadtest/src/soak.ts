import { startCluster } from "./cluster.js";
import { forkChild } from "./fork.js";
import { runScenario } from "./run-scenario.js";

/** One point of the soak: the server's RSS and the clients' latency after each round. */
export interface SoakPoint {
  readonly minute: number;
  readonly rssMiB: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly lost: number;
  readonly duplicated: number;
}

/** Rounds of 100 SSE clients at 50 events/s on one long-lived server for `minutes`: RSS and latency over time. */
export async function runSoak(minutes: number, maxBufferedBytes: number): Promise<SoakPoint[]> {
  const cluster = await startCluster({ log: "memory", redisUrl: undefined, stream: "", maxBufferedBytes }, 1);
  const points: SoakPoint[] = [];
  const start = performance.now();
  try {
    while (performance.now() - start < minutes * 60_000) {
      const r = await runScenario(
        cluster,
        {
          transport: "sse-h1",
          format: "json",
          log: "memory",
          servers: 1,
          clients: 100,
          rate: 50,
          seconds: 10,
          slowClients: 0,
        },
        () => forkChild("./producer-process.js"),
      );
      const point = {
        minute: (performance.now() - start) / 60_000,
        rssMiB: r.serverRssMiB,
        p50: r.latency?.p50,
        p99: r.latency?.p99,
        lost: r.lost,
        duplicated: r.duplicated,
      };
      points.push(point);
      process.stdout.write(
        `soak ${point.minute.toFixed(1)} min: RSS ${point.rssMiB.toFixed(0)} MiB, p99 ${point.p99?.toFixed(2)} ms\n`,
      );
    }
  } finally {
    await cluster.stop();
  }
  return points;
}
