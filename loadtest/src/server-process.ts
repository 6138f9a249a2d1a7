// One SSE server instance of the load test, in its own process: HTTP/1.1 (SSE and WebSocket)
// and cleartext HTTP/2 (SSE multiplexed), on loopback ports of its own. Driven over IPC.
import { createServer } from "node:http";
import { createServer as createHttp2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { createSseHandler, createWebSocketHandler, type EventLog, type ServerNotice } from "@eventwire/sse-server";
import { WebSocketServer } from "ws";
import { makeCodecs } from "./codecs.js";
import type { ProducePlan, ServerPlan } from "./ipc.js";
import { openLog } from "./open-log.js";
import { Probe } from "./probe.js";
import { produce } from "./produce.js";

let log: EventLog | undefined;
const probe = new Probe();
let cuts = 0;

async function start(plan: ServerPlan): Promise<{ h1Port: number; h2Port: number }> {
  const codecs = makeCodecs();
  log = openLog(plan, codecs.protobuf);
  const options = {
    log,
    codecs,
    maxClients: 20_000,
    maxBufferedBytes: plan.maxBufferedBytes,
    heartbeatMs: 15_000,
    onNotice: (notice: ServerNotice) => {
      if (notice.type === "overflow") cuts++;
    },
  };
  const handler = createSseHandler(options);
  const h1 = createServer((req, res) => handler(req, res));
  new WebSocketServer({ server: h1, path: "/ws" }).on("connection", createWebSocketHandler(options));
  const h2 = createHttp2Server({ settings: { maxConcurrentStreams: 10_000 } }, (req, res) => handler(req, res));
  await new Promise<void>((resolve) => h1.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", resolve));
  return { h1Port: (h1.address() as AddressInfo).port, h2Port: (h2.address() as AddressInfo).port };
}

/**
 * The window since the previous call (CPU, event-loop delay, run-queue wait, cuts), and the
 * memory held after a full collection, so that memory per client is not garbage's noise.
 */
function stats() {
  const report = { kind: "stats", probe: probe.read(), cutClients: cuts, heldBytes: 0 };
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  report.heldBytes = memory.heapUsed + memory.external;
  probe.reset();
  cuts = 0;
  return report;
}

process.on("message", async (message: { kind: string; plan: ServerPlan & ProducePlan }) => {
  if (message.kind === "start") process.send?.({ kind: "ready", ...(await start(message.plan)) });
  else if (message.kind === "stats") process.send?.(stats());
  else if (message.kind === "produce" && log !== undefined)
    process.send?.({ kind: "produced", ...(await produce(log, message.plan)) });
});
process.on("SIGTERM", () => process.exit(0));
