import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EXAMPLE_TYPES } from "@eventwire/schemas";
import { chromiumLaunchOptions, createExampleCodecs } from "@eventwire/testkit";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventLog } from "../src/event-log.js";
import { createRedisLog } from "../src/redis-log.js";
import { bundleFixture } from "./fixtures/bundle-fixture.js";
import { makeClusterEnvelopes } from "./fixtures/cluster-envelopes.js";
import { killFixture, type Spawned, spawnFixture } from "./fixtures/cluster-processes.js";
import { type RedisServer, startRedis } from "./servers/redis.js";

const TYPES = [...EXAMPLE_TYPES, "eventwire.gap", "message"];
// The browser's own EventSource from the start of the stream; on reconnection it sends
// Last-Event-ID by itself.
const PAGE = `<!doctype html><script>
  window.got = [];
  const source = new EventSource("/events?format=json&lastEventId=0-0");
  for (const type of ${JSON.stringify(TYPES)}) {
    source.addEventListener(type, (e) => window.got.push([e.type, e.lastEventId, JSON.parse(e.data).event_id]));
  }
</script>`;

let redis: RedisServer;
let browser: Browser;
let log: EventLog;
let front: Server;
const instances: Spawned[] = [];
const ports: number[] = [];
let target = 0;

/** One address in front of the instances, as a load balancer: `/events` goes to instance `target`. */
function startFront(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const upstream = request(
      { port: ports[target], host: "127.0.0.1", path: req.url, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
        reply.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    upstream.end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  const [started, script] = await Promise.all([startRedis(), bundleFixture("cluster-server")]);
  redis = started;
  const spec = { kind: "redis" as const, url: redis.url, stream: "BROWSER" };
  for (let i = 0; i < 2; i++) instances.push(spawnFixture(script, spec, ["100"], /^listening \d+$/));
  for (const instance of instances) ports.push(Number((await instance.ready).split(" ")[1]));
  log = createRedisLog({ url: redis.url, stream: "BROWSER", codec: createExampleCodecs().avro });
  front = await startFront();
  browser = await chromium.launch(chromiumLaunchOptions());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  front?.closeAllConnections();
  front?.close();
  await Promise.all(instances.map(killFixture));
  await log?.close();
  await redis?.stop();
});

describe("a browser's EventSource across instance processes on one Redis log", { timeout: 120_000 }, () => {
  it("follows the switch when its instance is killed (SIGKILL): every entry once, in order", async () => {
    const envelopes = makeClusterEnvelopes(300, "browser");
    const positions: string[] = [];
    for (const envelope of envelopes.slice(0, 100)) positions.push(await log.append(envelope));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(front.address() as AddressInfo).port}/`);
    const count = () => page.evaluate(() => (globalThis as unknown as { got: unknown[] }).got.length);
    await expect.poll(count, { timeout: 30_000 }).toBe(100);
    target = 1;
    await killFixture(instances[0] as Spawned);
    for (const envelope of envelopes.slice(100)) positions.push(await log.append(envelope));
    await expect.poll(count, { timeout: 30_000 }).toBe(300);
    const got = await page.evaluate(() => (globalThis as unknown as { got: [string, string, string][] }).got);
    expect(got.map(([, id]) => id)).toEqual(positions);
    expect(got.map(([type, , eventId]) => [type, eventId])).toEqual(envelopes.map((e) => [e.event_type, e.event_id]));
    await page.close();
  });
});
