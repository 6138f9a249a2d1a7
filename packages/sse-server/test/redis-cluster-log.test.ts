import { createExampleCodecs } from "@eventwire/testkit";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLogGap } from "../src/event-log.js";
import { hashTagOf } from "../src/redis-batch.js";
import { createRedisLog } from "../src/redis-log.js";
import { describeLogLaws, makeEnvelopes } from "./log-laws.js";
import { type RedisClusterServer, startRedisCluster } from "./servers/redis-cluster.js";

const codecs = createExampleCodecs();
let cluster: RedisClusterServer;
let streams = 0;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);

afterAll(async () => {
  await cluster.stop();
});

const connectCluster = () => new Cluster([...cluster.nodes], { lazyConnect: true });

// Streams named `laws1`, `laws2`… hash to different slots, so the laws run on all three nodes.
describeLogLaws(
  "createRedisLog on a Redis Cluster",
  ({ capacity }) =>
    createRedisLog({
      url: "redis-cluster",
      stream: `laws${++streams}`,
      codec: codecs.json,
      maxLength: capacity,
      createClient: connectCluster,
    }),
  { timeoutMs: 90_000 },
);

describe("createRedisLog on a Redis Cluster", { timeout: 60_000 }, () => {
  it("keeps the duplicate keys in the stream's slot, also for a stream key with its own hash tag", async () => {
    expect(hashTagOf("orders")).toBe("orders");
    expect(hashTagOf("{shop}.orders")).toBe("shop");
    expect(hashTagOf("{}orders")).toBe("{}orders");
    const log = createRedisLog({ url: "c", stream: "{shop}.orders", codec: codecs.json, createClient: connectCluster });
    const [one, two] = makeEnvelopes(0, 2);
    const first = await log.append(one as never);
    expect(await log.append(one as never)).toBe(first);
    const second = await log.append(two as never);
    const items = [];
    for await (const item of log.read(first, { signal: AbortSignal.timeout(20_000) })) {
      items.push(item);
      break;
    }
    await log.close();
    expect(items.map((item) => (isLogGap(item) ? "gap" : item.position))).toEqual([second]);
  });
});
