import { FORMATS, type Format } from "./codecs.js";
import { type LogKind, type Scenario, TRANSPORTS } from "./scenario.js";

/** What a run covers. */
export interface RunPlan {
  readonly memory: Scenario[];
  /** Scenarios on Redis Streams, keyed by the number of server processes. */
  readonly redis: Map<number, Scenario[]>;
}

/** The ladder's fixed producer rate, events per second. */
export const LADDER_RATE = 50;

const scenario = (s: Partial<Scenario> & Pick<Scenario, "transport" | "format" | "clients">): Scenario => ({
  log: "memory",
  servers: 1,
  rate: LADDER_RATE,
  seconds: 4,
  slowClients: 0,
  ...s,
});

/** Stress: this many clients that read, at `STRESS_RATE`, first alone, then beside `SLOW` that stop reading. */
const STRESS_FAST = 20;
const SLOW = 10;
/**
 * Events of the four load types average about 2.7 KB in JSON: 400/s sends a slow client about
 * 1 MB/s. On loopback the kernel holds up to ~4 MB for a reader that stopped (the sender's
 * autotuned buffer) before the server's own count starts, so the bound acts after ~5 s.
 */
const STRESS_RATE = 400;

/**
 * The ladder: every transport and format at 10 → 100 → 1,000 → 5,000 clients at a fixed rate;
 * each transport at the maximum rate; stress (the same clients with and without slow ones);
 * Redis with one and three servers. `--quick` keeps JSON and the two smallest steps, so CI
 * proves it runs in under a minute.
 */
export function makePlan(quick: boolean, maxClients: number): RunPlan {
  return { memory: memoryPlan(quick, maxClients), redis: redisPlan(quick, maxClients) };
}

function memoryPlan(quick: boolean, maxClients: number): Scenario[] {
  const steps = (quick ? [10, 100] : [10, 100, 1000, 5000]).filter((c) => c <= maxClients);
  // 5,000 clients take a minute a step on this machine: JSON climbs there, the binary formats stop at 1,000.
  const stepsOf = (format: Format) => (format === "json" ? steps : steps.filter((c) => c <= 1000));
  const formats: readonly Format[] = quick ? ["json"] : FORMATS;
  const seconds = quick ? 1 : 4;
  const memory: Scenario[] = [];
  for (const transport of TRANSPORTS) {
    for (const format of formats)
      for (const clients of stepsOf(format)) memory.push(scenario({ transport, format, clients, seconds }));
    memory.push(scenario({ transport, format: "json", clients: 100, rate: 0, seconds: quick ? 1 : 3 }));
    // Enough bytes that a slow client passes the output bound and the kernel's socket buffers.
    const stress = { transport, format: "json" as const, rate: STRESS_RATE, seconds: quick ? 2 : 9 };
    // The quick run only proves that stress runs: no baseline beside it.
    if (!quick) memory.push(scenario({ ...stress, clients: STRESS_FAST }));
    memory.push(scenario({ ...stress, clients: STRESS_FAST + SLOW, slowClients: SLOW }));
  }
  return memory;
}

/** Redis Streams behind one and three servers: every transport at a fixed rate, SSE at the maximum. */
function redisPlan(quick: boolean, maxClients: number): Map<number, Scenario[]> {
  const redis = new Map<number, Scenario[]>();
  const log: LogKind = "redis";
  for (const servers of [1, 3]) {
    if (quick) {
      // One transport per cluster size proves both run.
      const transport = servers === 1 ? "sse-h2" : "sse-h1";
      redis.set(servers, [scenario({ transport, format: "protobuf", clients: 30, log, servers, seconds: 1 })]);
      continue;
    }
    const clients = Math.min(1000, maxClients);
    const fixed = TRANSPORTS.map((transport) => scenario({ transport, format: "protobuf", clients, log, servers }));
    const max = scenario({ transport: "sse-h1", format: "protobuf", clients: 100, log, servers, rate: 0, seconds: 3 });
    redis.set(servers, [...fixed, max]);
  }
  return redis;
}

/** The key `--only` matches: transport/format/log/servers/clients/rate/slow. */
export function keyOf(s: Scenario): string {
  return [s.transport, s.format, s.log, s.servers, s.clients, s.rate, s.slowClients].join("/");
}

/** The plan with only the scenarios whose key matches `only` (all when undefined). */
export function filterPlan(plan: RunPlan, only: string | undefined): RunPlan {
  if (only === undefined) return plan;
  const pattern = new RegExp(only);
  const redis = new Map<number, Scenario[]>();
  for (const [servers, scenarios] of plan.redis) {
    const kept = scenarios.filter((s) => pattern.test(keyOf(s)));
    if (kept.length > 0) redis.set(servers, kept);
  }
  return { memory: plan.memory.filter((s) => pattern.test(keyOf(s))), redis };
}
