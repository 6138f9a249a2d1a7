import { createEnvelope, type Envelope } from "@eventwire/envelope-core";
import { EXAMPLE_TYPES, exampleEnvelopes } from "@eventwire/schemas";
import type { EventLog, LogEntry } from "@eventwire/sse-server";

/** Options of {@link createFeed}. */
export interface FeedOptions {
  /** Envelopes in the log at the start, made from seeded data (so tests know them). Default 20. */
  prefill: number;
  /** A timestamp for the prefilled envelopes, so that they are the same in every run. */
  prefillTimestamp: string;
}

/**
 * The example's producer: appends envelopes of the example types to a log, and remembers what
 * it appended (position and envelope) for the tests.
 */
export async function createFeed(log: EventLog, options: Partial<FeedOptions> = {}) {
  const appended: LogEntry[] = [];
  let sequence = 0;

  const publish = async (timestamp?: string): Promise<LogEntry> => {
    sequence++;
    const type = EXAMPLE_TYPES[sequence % EXAMPLE_TYPES.length] as (typeof EXAMPLE_TYPES)[number];
    const sample = exampleEnvelopes(sequence)[type];
    const envelope = createEnvelope({
      event_id: `evt-${String(sequence).padStart(6, "0")}`,
      event_type: type,
      source: sample.source,
      data: sample.data,
      ...(timestamp === undefined ? {} : { timestamp }),
    });
    const entry = { position: await log.append(envelope), envelope };
    appended.push(entry);
    return entry;
  };

  for (let i = 0; i < (options.prefill ?? 20); i++)
    await publish(options.prefillTimestamp ?? "2026-11-27T06:00:00.000123Z");

  return {
    publish,
    /** Everything appended so far, oldest first, with the positions that SSE ids carry. */
    entries(): LogEntry[] {
      return [...appended];
    },
    /** The envelopes appended so far, oldest first. */
    snapshot(): Envelope[] {
      return appended.map((entry) => entry.envelope);
    },
  };
}

export type Feed = Awaited<ReturnType<typeof createFeed>>;
