import type { Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes } from "@eventwire/schemas";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadCodecs } from "../src/index.js";
import {
  BUILD_TIMEOUT,
  buildCli,
  CLI_TIMEOUT,
  collect,
  copyExampleSchemas,
  jsonLines,
  runCli,
  spawnCli,
  stopChildren,
  TEST_TYPES,
  waitForOutput,
} from "./run-built-cli.js";
import { type SseServer, startSseServer } from "./sse-test-server.js";

const examples = exampleEnvelopes();
// Eight envelopes, ids 1..8: the four example types twice, the second time with other ids.
const envelopes: Envelope[] = [1, 2].flatMap((round) =>
  TEST_TYPES.map((type) => ({ ...examples[type], event_id: `${examples[type].event_id}-${round}` })),
);
const DROP_AFTER = 3;
let schemas: string;
const servers: Partial<Record<"HTTP/2" | "HTTP/1.1", SseServer>> = {};

beforeAll(async () => {
  schemas = copyExampleSchemas();
  const codecs = loadCodecs(schemas);
  for (const protocol of ["HTTP/2", "HTTP/1.1"] as const) {
    servers[protocol] = await startSseServer({ protocol, envelopes, codecs: { ...codecs }, dropAfter: DROP_AFTER });
  }
  await buildCli();
}, BUILD_TIMEOUT);

afterEach(stopChildren);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

describe("tail against a real SSE server over TLS (self-signed, --insecure)", CLI_TIMEOUT, () => {
  for (const [protocol, httpVersion] of [
    ["HTTP/2", "2.0"],
    ["HTTP/1.1", "1.1"],
  ] as const) {
    for (const format of ["json", "avro", "protobuf"]) {
      it(`${protocol}, ${format}: survives a dropped connection, resuming with Last-Event-ID, without duplicates`, async () => {
        const server = servers[protocol] as SseServer;
        server.requests.length = 0;
        const args = ["tail", server.url, "--insecure", "--schemas", schemas, "--format", format, "--count", "8"];
        const result = await runCli(args);
        expect(result.code, result.stderr).toBe(0);
        expect(jsonLines(result.stdout)).toEqual(envelopes);
        expect(server.requests.map((r) => r.httpVersion)).toEqual([httpVersion, httpVersion]);
        expect(server.requests.map((r) => r.lastEventId)).toEqual([undefined, String(DROP_AFTER)]);
        expect(server.requests[0]?.query).toBe(`?format=${format}`);
        const notices = result.stderr.trimEnd().split("\n");
        expect(notices).toEqual([
          'eventwire tail: eventwire.dropped {"types":["log_batch"],"count":2}',
          'eventwire tail: eventwire.gap {"after":"0","resumedAt":"1"}',
          `eventwire tail: the stream ended; reconnecting in 20 ms after ${DROP_AFTER}`,
        ]);
      });
    }
  }

  it("--types and --last-event-id: the query and the header say so, and only those types are printed", async () => {
    const server = servers["HTTP/2"] as SseServer;
    server.requests.length = 0;
    const args = ["tail", server.url, "--insecure", "--schemas", schemas, "--types", "user_login,log_batch"];
    const result = await runCli([...args, "--last-event-id", "2", "--count", "3"]);
    expect(result.code).toBe(0);
    const expected = envelopes.slice(2).filter((e) => e.event_type === "user_login" || e.event_type === "log_batch");
    expect(jsonLines(result.stdout)).toEqual(expected.slice(0, 3));
    expect(server.requests[0]).toMatchObject({ lastEventId: "2", query: "?types=user_login%2Clog_batch" });
  });

  it("Ctrl-C (SIGINT) ends a tail cleanly: exit code 0, nothing on stderr but the server's notices", async () => {
    const server = servers["HTTP/1.1"] as SseServer;
    server.requests.length = 0;
    const child = spawnCli(["tail", server.url, "--insecure", "--schemas", schemas, "--last-event-id", "7"]);
    child.stdin.end();
    const done = collect(child);
    // After the last envelope nothing more comes: the tail would wait for ever.
    await waitForOutput(child, envelopes[7]?.event_id as string);
    child.kill("SIGINT");
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([envelopes[7]]);
    for (const line of result.stderr.trimEnd().split("\n"))
      expect(line).toMatch(/^eventwire tail: (eventwire\.(gap|dropped)|the stream ended)/);
  });

  it("an unreachable server, an untrusted certificate, an HTTP 404, a bad URL: one line on stderr, exit 1 or 2", async () => {
    const server = servers["HTTP/2"] as SseServer;
    const refused = await runCli(["tail", "https://127.0.0.1:1/events", "--schemas", schemas]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^eventwire tail: cannot connect to https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
    const untrusted = await runCli(["tail", server.url, "--schemas", schemas, "--count", "1"]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^eventwire tail: cannot connect to .*self-signed certificate.*\n$/);
    const missing = await runCli(["tail", server.url.replace("/events", "/nope"), "--insecure", "--schemas", schemas]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`eventwire tail: HTTP 404 from ${server.url.replace("/events", "/nope")}\n`);
    const usage = await runCli(["tail", "not a url", "--schemas", schemas]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('eventwire tail: "not a url" is not a URL (see eventwire tail --help)\n');
  });
});
