import type { Codec } from "@eventwire/envelope-core";
import { createMemoryLog, createRedisLog, type EventLog } from "@eventwire/sse-server";
import type { ServerPlan } from "./ipc.js";

/** The log a server instance (or the producer) reads and appends to. */
export function openLog(plan: ServerPlan, codec: Codec): EventLog {
  if (plan.log === "memory") return createMemoryLog({ capacity: 200_000 });
  if (plan.redisUrl === undefined) throw new Error("loadtest: the redis log needs a URL");
  return createRedisLog({ url: plan.redisUrl, stream: plan.stream, codec, maxLength: 200_000 });
}
