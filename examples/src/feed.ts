import { createEnvelope, type Envelope } from "@eventwire/envelope-core";
import { EXAMPLE_TYPES, exampleEnvelopes } from "@eventwire/schemas";

/** Options of {@link createFeed}. */
export interface FeedOptions {
  /** How many envelopes the resume buffer keeps. Default 1000. */
  bufferSize: number;
  /** Envelopes in the buffer at the start, made from seeded data (so tests know them). Default 20. */
  prefill: number;
  /** A timestamp for the prefilled envelopes, so that they are the same in every run. */
  prefillTimestamp: string;
}

/**
 * The envelopes the example server streams: a bounded in-memory buffer that a client resumes from
 * by `Last-Event-ID`, and listeners for what comes after.
 */
export function createFeed(options: Partial<FeedOptions> = {}) {
  const bufferSize = options.bufferSize ?? 1000;
  const buffer: Envelope[] = [];
  const listeners = new Set<(envelope: Envelope) => void>();
  let sequence = 0;

  const publish = (timestamp?: string): Envelope => {
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
    buffer.push(envelope);
    if (buffer.length > bufferSize) buffer.shift();
    for (const listener of listeners) listener(envelope);
    return envelope;
  };

  for (let i = 0; i < (options.prefill ?? 20); i++) publish(options.prefillTimestamp ?? "2026-11-27T06:00:00.000123Z");

  return {
    publish,
    /** What a client that last saw `lastEventId` missed: all of the buffer if the id is unknown. */
    since(lastEventId: string | undefined): Envelope[] {
      if (lastEventId === undefined || lastEventId === "") return [...buffer];
      const at = buffer.findIndex((e) => e.event_id === lastEventId);
      return at < 0 ? [...buffer] : buffer.slice(at + 1);
    },
    subscribe(listener: (envelope: Envelope) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot(): Envelope[] {
      return [...buffer];
    },
  };
}

export type Feed = ReturnType<typeof createFeed>;
