// A child process holding many simulated clients of one transport, so that the load generator
// never shares a CPU thread with the server it measures. Driven by the orchestrator over IPC.
import type { ClientHttp2Session } from "node:http2";
import { ClientState } from "./client-state.js";
import { makeCodecs } from "./codecs.js";
import { connectHttp1, connectHttp2, type SseTarget, sessionPool } from "./connect-sse.js";
import { connectWebSocket } from "./connect-ws.js";
import type { WorkerPlan } from "./ipc.js";
import type { WorkerReport } from "./scenario.js";
import { Samples } from "./stats.js";

const codecs = makeCodecs();
let states: ClientState[] = [];
let stopping = false;
const holdSlow = new Set<{ resume(): unknown }>();
const samples = new Samples();

function start(plan: WorkerPlan): void {
  const codec = codecs[plan.format];
  const pool = sessionPool(plan.origins.h2, plan.streamsPerSession);
  states = Array.from({ length: plan.clients }, (_, i) => new ClientState(i, i < plan.slowClients, samples));
  for (const state of states) {
    const types = plan.typesOf(state.index);
    const query = `format=${plan.format}${types === undefined ? "" : `&types=${types.join(",")}`}`;
    const origin = plan.origins.h1[state.index % plan.origins.h1.length] as string;
    const target: SseTarget = {
      origin,
      path: `${plan.path}?${query}`,
      codec,
      holdSlow: holdSlow as SseTarget["holdSlow"],
      isStopping: () => stopping,
    };
    if (plan.transport === "sse-h1") connectHttp1(state, target);
    else if (plan.transport === "sse-h2") connectHttp2(state, target, pool(state.index) as () => ClientHttp2Session);
    else connectWebSocket(state, { ...target, origin: origin.replace(/^http/, "ws"), path: `${plan.wsPath}?${query}` });
  }
}

function report(): WorkerReport {
  return {
    received: states.reduce((n, s) => n + s.received, 0),
    duplicates: states.reduce((n, s) => n + s.duplicates, 0),
    outOfOrder: states.reduce((n, s) => n + s.outOfOrder, 0),
    connected: states.filter((s) => s.connected).length,
    failedToConnect: states.filter((s) => s.failed && !s.connected).length,
    reconnects: states.reduce((n, s) => n + s.reconnects, 0),
    gaps: states.reduce((n, s) => n + s.gaps, 0),
    dropNotices: states.reduce((n, s) => n + s.dropNotices, 0),
    latencies: samples.toArray(),
    perClient: states.map((s) => s.received),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  };
}

process.on("message", (message: { kind: string; plan?: WorkerPlan; expected?: number[] }) => {
  if (message.kind === "start" && message.plan !== undefined) {
    start(reviveTypes(message.plan));
    const poll = setInterval(() => {
      const connected = states.filter((s) => s.connected || s.failed).length;
      if (connected === states.length) {
        clearInterval(poll);
        process.send?.({ kind: "connected", connected: states.filter((s) => s.connected).length });
      }
    }, 20);
  } else if (message.kind === "release") {
    for (const body of holdSlow) body.resume();
    holdSlow.clear();
  } else if (message.kind === "progress") {
    process.send?.({ kind: "progress", received: states.reduce((n, s) => n + s.received, 0) });
  } else if (message.kind === "report") {
    process.send?.({ kind: "report", report: report() });
  } else if (message.kind === "stop") {
    stopping = true;
    process.exit(0);
  }
});

/** Functions do not cross IPC: the plan carries the type split as data. */
function reviveTypes(plan: WorkerPlan): WorkerPlan {
  const split = plan.typeSplit;
  return { ...plan, typesOf: (i) => (split === undefined ? undefined : split[i % split.length]) };
}
