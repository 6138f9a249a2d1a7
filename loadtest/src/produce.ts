import { randomUUID } from "node:crypto";
import { setImmediate } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import type { Envelope } from "@eventwire/envelope-core";
import { EXAMPLE_TYPES, exampleEnvelopes } from "@eventwire/schemas";
import type { EventLog } from "@eventwire/sse-server";
import { nowMs, timestampOf } from "./clock.js";
import type { ProducePlan } from "./ipc.js";
import { eventIdOf } from "./scenario.js";

/** The example types the producer cycles through, in order: event i has type `LOAD_TYPES[i % n]`. */
export const LOAD_TYPES: readonly string[] = EXAMPLE_TYPES.slice(0, 4);

/**
 * Appends envelopes at `rate` per second (0: as fast as the log takes them) for `seconds`, or
 * until `maxEvents`. Each carries a run-unique `event_id` and its send time, to the
 * microsecond, in `timestamp`, so clients can measure latency (they count by position).
 * Returns how many were appended.
 */
export async function produce(log: EventLog, plan: ProducePlan): Promise<number> {
  const examples = exampleEnvelopes() as unknown as Record<string, Envelope>;
  const start = nowMs();
  const run = randomUUID().slice(0, 8);
  let sequence = 0;
  while (sequence < plan.maxEvents && nowMs() - start < plan.seconds * 1000) {
    if (plan.rate > 0) {
      const due = start + (sequence * 1000) / plan.rate;
      const wait = due - nowMs();
      if (wait > 1) await sleep(wait);
    } else if (sequence % 16 === 0) {
      // An in-memory append resolves at once: yield to I/O so that the server can deliver meanwhile.
      await new Promise(setImmediate);
    }
    const type = LOAD_TYPES[sequence % LOAD_TYPES.length] as string;
    const example = examples[type] as Envelope;
    await log.append({
      ...example,
      event_id: eventIdOf(run, sequence),
      timestamp: timestampOf(nowMs()),
      source: "loadtest",
    });
    sequence++;
  }
  return sequence;
}
