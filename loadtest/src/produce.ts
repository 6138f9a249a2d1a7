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

/** What a producer run did: how many it appended, and how far it fell behind its schedule. */
export interface Produced {
  readonly count: number;
  /** The most an append started after its due time (fixed rate only), ms. */
  readonly lagMs: number;
}

/** Events a fixed-rate run appends: all of them, however late, so that every step is compared on the same count. */
export function countAtRate(rate: number, seconds: number, maxEvents: number): number {
  return Math.min(maxEvents, Math.round(rate * seconds));
}

/**
 * Appends envelopes: at a fixed `rate`, exactly `rate × seconds` of them on a schedule (one
 * that cannot keep it appends late, and says how late: stopping at the deadline instead would
 * hide an overloaded producer by producing less); at rate 0, as fast as the log takes them for
 * `seconds`. Each carries a run-unique `event_id` and its append time, to the microsecond, in
 * `timestamp`, so clients can measure latency (they count by position).
 */
export async function produce(log: EventLog, plan: ProducePlan): Promise<Produced> {
  const examples = exampleEnvelopes() as unknown as Record<string, Envelope>;
  const start = nowMs();
  const run = randomUUID().slice(0, 8);
  const total = plan.rate > 0 ? countAtRate(plan.rate, plan.seconds, plan.maxEvents) : plan.maxEvents;
  let sequence = 0;
  let lagMs = 0;
  while (sequence < total && (plan.rate > 0 || nowMs() - start < plan.seconds * 1000)) {
    if (plan.rate > 0) {
      const due = start + (sequence * 1000) / plan.rate;
      const wait = due - nowMs();
      if (wait > 1) await sleep(wait);
      lagMs = Math.max(lagMs, -wait);
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
  return { count: sequence, lagMs };
}
