// `pnpm example:cluster`: a Redis server, three SSE server instances (three processes, as
// three machines would be) on one Redis stream, and a producer process appending an envelope a
// second. Any instance resumes any client: the SSE id is the stream entry id.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRedisLog, createSseHandler } from "@eventwire/sse-server";
import { makeCodecs } from "./codecs.js";
import { createFeed } from "./feed.js";
import { loadSchemaSet } from "./schemas.js";

const STREAM = "eventwire-example";
const script = fileURLToPath(import.meta.url);

/** One instance: the SSE handler on a Redis log, on node:http at `port` (`/events`). */
async function runInstance(redisUrl: string, port: number): Promise<void> {
  const codecs = makeCodecs(loadSchemaSet());
  const log = createRedisLog({ url: redisUrl, stream: STREAM, codec: codecs.avro, maxLength: 10_000 });
  const events = createSseHandler({ log, codecs, cors: { origin: "*" } });
  const server = createHttpServer((req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname === "/events") events(req, res);
    else res.writeHead(404).end();
  });
  server.listen(port, "127.0.0.1", () => process.send?.({ ready: `http://127.0.0.1:${port}/events` }));
}

/** The producer: 20 envelopes at once, then one a second, on its own connection to the stream. */
async function runProducer(redisUrl: string): Promise<void> {
  const codecs = makeCodecs(loadSchemaSet());
  const log = createRedisLog({ url: redisUrl, stream: STREAM, codec: codecs.avro, maxLength: 10_000 });
  const feed = await createFeed(log, { prefill: 20 });
  process.send?.({ ready: "producer" });
  setInterval(() => void feed.publish(), 1000);
}

/** Starts `redis-server` on a free loopback port, its append-only file in a temporary folder. */
async function startRedis(): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-example-redis-"));
  const port = await findFreePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""];
  const redis = spawn("redis-server", args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    redis.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Ready to accept connections")) resolve();
    });
    redis.once("exit", (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      redis.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** Forks this script in a role and resolves with what it reports once ready. */
function forkRole(children: ChildProcess[], ...args: string[]): Promise<string> {
  const child = fork(script, args, { stdio: "inherit" });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve((message as { ready: string }).ready));
    child.once("exit", (code) => reject(new Error(`${args[0]} exited (${code})`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8101" } } });
  const basePort = Number(values.port);
  const redis = await startRedis();
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill("SIGTERM");
    redis.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const urls = await Promise.all([0, 1, 2].map((i) => forkRole(children, "instance", redis.url, String(basePort + i))));
  await forkRole(children, "producer", redis.url);
  console.log(`Redis: ${redis.url} (stream "${STREAM}"); three SSE instances on it:`);
  for (const url of urls) console.log(`  ${url}?format=json   (also avro, protobuf; &types=user_login,…)`);
  console.log(`Resume on another instance: curl -N -H "Last-Event-ID: <an id you saw>" ${urls[1]}`);
  console.log("Ctrl-C stops everything.");
}

const [role, redisUrl = "", port = "0"] = process.argv.slice(2);
if (role === "instance") await runInstance(redisUrl, Number(port));
else if (role === "producer") await runProducer(redisUrl);
else await main();
