import type { RequestListener } from "node:http";
import { setImmediate as turn } from "node:timers/promises";
import { EXAMPLE_TYPES } from "@eventwire/schemas";
import { chromiumLaunchOptions, createExampleCodecs } from "@eventwire/testkit";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLog, MEMORY_LOG_START } from "../src/memory-log.js";
import { createSseHandler } from "../src/sse-handler.js";
import { makeEnvelopes } from "./log-laws.js";
import { listen } from "./support/sse-client.js";
import { waitFor } from "./support/wait.js";

// The page: the browser's own EventSource, opened with ?lastEventId= (a first visit), records
// every event it dispatches; on reconnection the browser sends Last-Event-ID by itself.
const TYPES = EXAMPLE_TYPES;
const PAGE = `<!doctype html><script>
  window.got = [];
  const source = new EventSource("/events?format=json&lastEventId=${MEMORY_LOG_START}");
  for (const type of ${JSON.stringify([...TYPES, "eventwire.gap", "message"])}) {
    source.addEventListener(type, (e) => window.got.push([e.type, e.lastEventId, JSON.parse(e.data).event_id]));
  }
</script>`;

const codecs = createExampleCodecs();
const log = createMemoryLog({ capacity: 10_000 });
// Two "instances" on one log behind one address: the switch is what a load balancer does when
// an instance dies, so the browser reconnects to the other one.
const instances = [createSseHandler({ log, codecs, retryMs: 50 }), createSseHandler({ log, codecs, retryMs: 50 })];
let serving: RequestListener = instances[0] as RequestListener;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;

beforeAll(async () => {
  server = await listen((req, res) => {
    if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    else serving(req, res);
  });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(instances.map((instance) => instance.close()));
  await server?.close();
  await log.close();
});

describe("a browser's EventSource across an instance switch", { timeout: 120_000 }, () => {
  it("reconnects with Last-Event-ID to the other instance and sees every entry once, in order", async () => {
    const envelopes = makeEnvelopes(0, 300);
    const positions: string[] = [];
    for (const envelope of envelopes.slice(0, 100)) positions.push(await log.append(envelope));
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const count = () => page.evaluate(() => (globalThis as unknown as { got: unknown[] }).got.length);
    await expect.poll(count, { timeout: 30_000 }).toBe(100);
    // The first instance dies: its connections are cut; the next requests reach the second.
    serving = instances[1] as RequestListener;
    await instances[0]?.close();
    server.server.closeAllConnections();
    await waitFor(() => instances[1]?.clientCount === 1, 6000);
    for (const [i, envelope] of envelopes.slice(100).entries()) {
      positions.push(await log.append(envelope));
      if (i % 20 === 0) await turn();
    }
    await expect.poll(count, { timeout: 30_000 }).toBe(300);
    const got = await page.evaluate(() => (globalThis as unknown as { got: [string, string, string][] }).got);
    expect(got.map(([, id]) => id)).toEqual(positions);
    expect(got.map(([type, , eventId]) => [type, eventId])).toEqual(envelopes.map((e) => [e.event_type, e.event_id]));
    await page.close();
  });
});
