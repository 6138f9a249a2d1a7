import type { Envelope } from "@eventwire/envelope-core";
import type { EventLog, LogEntry, LogGap, ReadOptions } from "./event-log.js";

/** Options of {@link createMemoryLog}. */
export interface MemoryLogOptions {
  /** How many entries the ring holds; older ones are trimmed (a reader behind them gets a gap). */
  readonly capacity: number;
}

/** Digits of a memory log position: enough for every safe integer, so that positions sort as text. */
const POSITION_DIGITS = 16;
const POSITION_PATTERN = /^\d{16}$/;

/**
 * The position before a memory log's first entry: a read after it gets everything the ring
 * holds (after a gap, if the ring has trimmed).
 */
export const MEMORY_LOG_START = "0000000000000000";

/**
 * A log in this process's memory: a bounded ring of the newest `capacity` entries. Positions
 * are the entry's sequence number (1, 2, …) written as 16 decimal digits
 * (`"0000000000000001"`), so they sort as strings in the order of the log.
 *
 * A position this log never issued (not 16 digits, or beyond the newest entry, as after a
 * restart of the process) cannot say what the reader missed: the read yields a gap from it to
 * the oldest entry held, then everything held, rather than skipping anything silently.
 *
 * @example
 * ```ts
 * const log = createMemoryLog({ capacity: 10_000 });
 * const position = await log.append(envelope);
 * for await (const item of log.read(position, { signal })) if (!isLogGap(item)) handle(item.envelope);
 * ```
 */
export function createMemoryLog<TEnvelope extends Envelope = Envelope>(options: MemoryLogOptions): EventLog<TEnvelope> {
  const capacity = options.capacity;
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`capacity must be a positive integer, not ${String(capacity)}`);
  }
  const ring: (TEnvelope | undefined)[] = new Array(capacity);
  /** Sequence number of the newest entry; 0 when nothing was appended. */
  let newest = 0;
  let closed = false;
  let wakeAll: (() => void)[] = [];

  const oldest = (): number => Math.max(1, newest - capacity + 1);
  const wake = (): void => {
    const waiting = wakeAll;
    wakeAll = [];
    for (const resolve of waiting) resolve();
  };

  /** Resolves on the next append, on close, or when the signal aborts. */
  const waitForChange = (signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      signal.addEventListener("abort", done, { once: true });
      wakeAll.push(done);
    });

  /** The first sequence number a reader gets, and the gap it is told about first, if any. */
  const startOf = (after: string | undefined): { next: number; gap?: LogGap } => {
    if (after === undefined) return { next: newest + 1 };
    const sequence = POSITION_PATTERN.test(after) ? Number(after) : Number.NaN;
    if (Number.isNaN(sequence) || sequence > newest) {
      return { next: oldest(), gap: gapOf(after, oldest()) };
    }
    if (sequence + 1 < oldest()) return { next: oldest(), gap: gapOf(after, oldest()) };
    return { next: sequence + 1 };
  };

  async function* read(
    after: string | undefined,
    readOptions: ReadOptions,
  ): AsyncGenerator<LogEntry<TEnvelope> | LogGap, void, undefined> {
    const { signal } = readOptions;
    const types = readOptions.types === undefined ? undefined : new Set(readOptions.types);
    const start = startOf(after);
    let next = start.next;
    if (start.gap !== undefined && !signal.aborted && !closed) yield start.gap;
    while (!signal.aborted && !closed) {
      if (next > newest) {
        await waitForChange(signal);
        continue;
      }
      if (next < oldest()) {
        // This reader fell behind the ring while its consumer was busy: said, not skipped.
        const resumedAt = oldest();
        yield gapOf(formatPosition(next - 1), resumedAt);
        next = resumedAt;
        continue;
      }
      const envelope = ring[(next - 1) % capacity] as TEnvelope;
      const position = formatPosition(next);
      next++;
      if (types === undefined || types.has(envelope.event_type)) yield { position, envelope };
    }
  }

  return {
    append(envelope) {
      if (closed) return Promise.reject(new Error("the memory log is closed"));
      newest++;
      ring[(newest - 1) % capacity] = envelope;
      wake();
      return Promise.resolve(formatPosition(newest));
    },
    read,
    close() {
      closed = true;
      ring.fill(undefined);
      wake();
      return Promise.resolve();
    },
  };
}

function formatPosition(sequence: number): string {
  return String(sequence).padStart(POSITION_DIGITS, "0");
}

function gapOf(after: string, resumedAt: number): LogGap {
  return { gap: { after, resumedAt: formatPosition(resumedAt) } };
}
