import { FORMATS, type Format } from "./codecs.js";
import { type LogKind, type Scenario, TRANSPORTS } from "./scenario.js";

/** What a run covers. */
export interface RunPlan {
  readonly memory: Scenario[];
  /** Scenarios on Redis Streams, keyed by the number of server processes. */
  readonly redis: Map<number, Scenario[]>;
}

const scenario = (s: Partial<Scenario> & Pick<Scenario, "transport" | "format" | "clients">): Scenario => ({
  log: "memory",
  servers: 1,
  rate: 50,
  seconds: 4,
  slowClients: 0,
  ...s,
});

/**
 * The ladder: every transport and format at 10 → 100 → 1,000 → 5,000 clients at a fixed rate;
 * each transport at the maximum rate; stress with slow clients; Redis with one and three servers.
 * `--quick` keeps one format and the two smallest steps, so CI proves it runs in under a minute.
 */
export function makePlan(quick: boolean, maxClients: number): RunPlan {
  const steps = (quick ? [10, 100] : [10, 100, 1000, 5000]).filter((c) => c <= maxClients);
  const formats: readonly Format[] = quick ? ["json"] : FORMATS;
  const seconds = quick ? 1.5 : 4;
  const memory: Scenario[] = [];
  for (const transport of TRANSPORTS) {
    for (const format of formats)
      for (const clients of steps) memory.push(scenario({ transport, format, clients, seconds }));
    memory.push(scenario({ transport, format: "json", clients: 100, rate: 0, seconds: quick ? 1 : 3 }));
    memory.push(
      scenario({
        transport,
        format: "json",
        clients: 100,
        rate: quick ? 400 : 2000,
        seconds: quick ? 1.5 : 4,
        slowClients: 10,
      }),
    );
  }
  const redis = new Map<number, Scenario[]>();
  for (const servers of [1, 3]) {
    const log: LogKind = "redis";
    redis.set(
      servers,
      TRANSPORTS.map((transport) =>
        scenario({ transport, format: "protobuf", clients: quick ? 30 : 1000, log, servers, seconds }),
      ),
    );
  }
  return { memory, redis };
}
