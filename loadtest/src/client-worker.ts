// A child process holding many simulated clients of one transport, so that the load generator
// never shares a CPU thread with the server it measures. Driven by the orchestrator over IPC.
import type { ClientHttp2Session } from "node:http2";
import { ClientState } from "./client-state.js";
import { makeCodec } from "./codecs.js";
import { connectHttp1, connectHttp2, type SseTarget, sessionPool } from "./connect-sse.js";
import { connectWebSocket } from "./connect-ws.js";
import type { WorkerPlan } from "./ipc.js";
import { decodesFor } from "./position.js";
import { Probe } from "./probe.js";
import type { WorkerReport } from "./scenario.js";
import { Samples } from "./stats.js";

let states: ClientState[] = [];
let stopping = false;
const holdSlow = new Set<{ resume(): unknown }>();
const samples = new Samples();
const slowSamples = new Samples();
const probe = new Probe();

function start(plan: WorkerPlan): void {
  const codec = makeCodec(plan.format);
  const pool = sessionPool(plan.origins.h2, plan.streamsPerSession);
  states = Array.from({ length: plan.clients }, (_, i) => {
    const slow = i < plan.slowClients;
    const decodes = decodesFor(plan.firstIndex + i, plan.totalClients);
    // A slow client's latency is its own stall: the others' latency is the figure to watch.
    return new ClientState(i, slow, decodes, slow ? slowSamples : samples);
  });
  for (const state of states) {
    const index = plan.firstIndex + state.index;
    const types = plan.typesOf(index);
    const query = `format=${plan.format}${types === undefined ? "" : `&types=${types.join(",")}`}`;
    const origin = plan.origins.h1[index % plan.origins.h1.length] as string;
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
    slowReconnects: states.reduce((n, s) => n + (s.wasSlow ? s.reconnects : 0), 0),
    gaps: states.reduce((n, s) => n + s.gaps, 0),
    dropNotices: states.reduce((n, s) => n + s.dropNotices, 0),
    late: states.reduce((n, s) => n + s.late, 0),
    failures: countFailures(),
    latencies: samples.toArray(),
    slowLatencies: slowSamples.toArray(),
    decoding: states.filter((s) => s.decodes).length,
    perClient: states.map((s) => s.received),
    probe: probe.read(),
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
  } else if (message.kind === "mark") {
    // The measured window starts with the producer.
    probe.reset();
    process.send?.({ kind: "marked" });
  } else if (message.kind === "release") {
    for (const body of holdSlow) body.resume();
    holdSlow.clear();
  } else if (message.kind === "progress") {
    const received = states.reduce((n, s) => n + s.received, 0);
    process.send?.({ kind: "progress", received, lastAt: Math.max(0, ...states.map((s) => s.lastAt)) });
  } else if (message.kind === "report") {
    process.send?.({ kind: "report", report: report() });
  } else if (message.kind === "stop") {
    stopping = true;
    process.exit(0);
  }
});

/** Failed clients by reason, e.g. `{ "EMFILE": 12 }`. */
function countFailures(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of states)
    if (s.failed && !s.connected && s.failure !== undefined) counts[s.failure] = (counts[s.failure] ?? 0) + 1;
  return counts;
}

// Exit on SIGTERM rather than by the signal, so that --cpu-prof writes its profile.
process.on("SIGTERM", () => {
  stopping = true;
  process.exit(0);
});

/** Functions do not cross IPC: the plan carries the type split as data. */
function reviveTypes(plan: WorkerPlan): WorkerPlan {
  const split = plan.typeSplit;
  return { ...plan, typesOf: (i) => (split === undefined ? undefined : split[i % split.length]) };
}
