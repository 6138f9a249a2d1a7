import type { Envelope } from "@eventwire/envelope-core";

/** One envelope held by a log, at its position (a string that only the log interprets). */
export interface LogEntry<TEnvelope extends Envelope = Envelope> {
  readonly position: string;
  readonly envelope: TEnvelope;
}

/**
 * Entries strictly after `after` were trimmed before a reader reached them: said, never
 * skipped silently. `resumedAt` is the position of the oldest entry still held, the next
 * one delivered.
 */
export interface LogGap {
  readonly gap: { readonly after: string; readonly resumedAt: string };
}

/** What {@link EventLog.read} takes besides the position. */
export interface ReadOptions {
  /** Ends the read: the iterator returns (it does not throw) once the signal aborts. */
  readonly signal: AbortSignal;
  /** Only these event types; all when absent. */
  readonly types?: readonly string[];
}

/**
 * An ordered, append-only log of envelopes: memory on one machine, Redis Streams or NATS
 * JetStream on many. Every SSE server instance on one log serves the same positions, so any
 * instance resumes any client.
 */
export interface EventLog<TEnvelope extends Envelope = Envelope> {
  /** Appends one envelope and returns its position. */
  append(envelope: TEnvelope): Promise<string>;
  /**
   * Entries strictly after `after`, the backlog first, then live ones, in order, until the
   * signal aborts. `after` undefined: only entries appended after the read started.
   */
  read(after: string | undefined, options: ReadOptions): AsyncIterable<LogEntry<TEnvelope> | LogGap>;
  /** Releases the log's connections and timers; reads in progress end. */
  close(): Promise<void>;
}

/** True when a read yielded a gap rather than an entry. */
export function isLogGap(item: LogEntry | LogGap): item is LogGap {
  return "gap" in item;
}
