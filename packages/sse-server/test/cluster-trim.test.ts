import { createExampleCodecs } from "@eventwire/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventLog } from "../src/event-log.js";
import { createNatsLog } from "../src/nats-log.js";
import { createRedisLog } from "../src/redis-log.js";
import { createSseHandler } from "../src/sse-handler.js";
import { makeClusterEnvelopes } from "./fixtures/cluster-envelopes.js";
import { type NatsServer, startNats } from "./servers/nats.js";
import { type RedisServer, startRedis } from "./servers/redis.js";
import { listen, readSse } from "./support/sse-client.js";

const codecs = createExampleCodecs();
let redis: RedisServer;
let nats: NatsServer;

beforeAll(async () => {
  [redis, nats] = await Promise.all([startRedis(), startNats()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([redis.stop(), nats.stop()]);
});

const makeLogs: Record<"redis" | "nats", () => EventLog> = {
  redis: () => createRedisLog({ url: redis.url, stream: "trimmed", codec: codecs.avro, maxLength: 10 }),
  nats: () =>
    createNatsLog({ servers: nats.url, stream: "TRIMMED", subject: "trimmed", codec: codecs.avro, maxMessages: 10 }),
};

describe.each(["redis", "nats"] as const)(
  "a client of a %s log that comes back after its position was trimmed",
  { timeout: 60_000 },
  (kind) => {
    it("gets event: eventwire.gap with after and resumedAt, then the entries held from resumedAt", async () => {
      const log = makeLogs[kind]();
      const positions: string[] = [];
      for (const envelope of makeClusterEnvelopes(1_000, `trim-${kind}`)) positions.push(await log.append(envelope));
      const server = await listen(createSseHandler({ log, codecs }));
      try {
        const read = await readSse(`${server.url}/?format=json`, {
          headers: { "last-event-id": positions[0] as string },
          until: (message) => message.lastEventId === positions.at(-1),
          timeoutMs: 30_000,
        });
        const [gap, ...entries] = read.messages;
        expect(gap?.event).toBe("eventwire.gap");
        const { after, resumedAt } = JSON.parse(gap?.data ?? "{}") as { after: string; resumedAt: string };
        expect(after).toBe(positions[0]);
        const resumedIndex = positions.indexOf(resumedAt);
        expect(resumedIndex).toBeGreaterThan(1);
        expect(entries.map((m) => m.lastEventId)).toEqual(positions.slice(resumedIndex));
        expect(entries.map((m) => m.event)).not.toContain("eventwire.gap");
      } finally {
        await server.close();
        await log.close();
      }
    });
  },
);
