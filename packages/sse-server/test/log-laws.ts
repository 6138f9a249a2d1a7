import type { Envelope } from "@eventwire/envelope-core";
import { EXAMPLE_TYPES, exampleEnvelopes } from "@eventwire/schemas";
import { afterEach, describe, expect, it } from "vitest";
import { type EventLog, isLogGap, type LogEntry, type LogGap } from "../src/event-log.js";

/** Makes a fresh, empty log; `capacity` is how many entries it should keep before trimming. */
export type LogFactory = (options: { capacity: number }) => EventLog | Promise<EventLog>;

/** Options of {@link describeLogLaws}. */
export interface LogLawOptions {
  /**
   * How many entries the trimming law appends to a log made with `capacity: 10`: enough that
   * the log trims even when it trims approximately (Redis `MAXLEN ~` trims whole nodes of 100).
   * Default 1000.
   */
  readonly trimAppends?: number;
  /** Per-test timeout in milliseconds; a hang fails instead of blocking the run. Default 30,000. */
  readonly timeoutMs?: number;
}

/**
 * The laws every {@link EventLog} keeps, as a vitest `describe` block: run it with a factory of
 * fresh logs (memory, Redis Streams, NATS JetStream). The envelopes are the example types of
 * `@eventwire/schemas`, so a log that stores a codec's bytes can use any codec built on them.
 *
 * A read "starts" at its first `next()` call: an append that begins after that call is
 * delivered to a `read(undefined)`, one that finished before it is not.
 */
export function describeLogLaws(name: string, factory: LogFactory, options: LogLawOptions = {}): void {
  const trimAppends = options.trimAppends ?? 1000;
  const timeout = options.timeoutMs ?? 30_000;
  const opened: EventLog[] = [];
  const controllers: AbortController[] = [];
  const open = async (capacity = 100_000): Promise<EventLog> => {
    const log = await factory({ capacity });
    opened.push(log);
    return log;
  };
  const signal = (): AbortSignal => {
    const controller = new AbortController();
    controllers.push(controller);
    return controller.signal;
  };

  describe(`${name} keeps the EventLog laws`, { timeout }, () => {
    afterEach(async () => {
      for (const controller of controllers.splice(0)) controller.abort();
      await Promise.all(opened.splice(0).map((log) => log.close()));
    });

    it("reads back what was appended, in order, at the positions append returned", async () => {
      const log = await open();
      const reader = log.read(undefined, { signal: signal() })[Symbol.asyncIterator]();
      const first = reader.next();
      const envelopes = makeEnvelopes(0, 20);
      const positions = await appendAll(log, envelopes);
      expect(new Set(positions).size).toBe(20);
      const items = [await first, ...(await take(reader, 19))].map((r) => (r as IteratorResult<LogItem>).value);
      expect(items.map(entryOf)).toEqual(envelopes.map((envelope, i) => ({ position: positions[i], envelope })));
    });

    it("yields entries strictly after the given position: the backlog, then live entries", async () => {
      const log = await open();
      const envelopes = makeEnvelopes(0, 10);
      const positions = await appendAll(log, envelopes);
      const reader = log.read(positions[3], { signal: signal() })[Symbol.asyncIterator]();
      const backlog = (await take(reader, 6)).map((r) => entryOf(r.value));
      expect(backlog.map((e) => e.position)).toEqual(positions.slice(4));
      const pending = reader.next();
      const live = makeEnvelopes(10, 3);
      const livePositions = await appendAll(log, live);
      const rest = [await pending, ...(await take(reader, 2))].map((r) => entryOf(r.value));
      expect(rest).toEqual(live.map((envelope, i) => ({ position: livePositions[i], envelope })));
    });

    it("read(undefined) yields only what is appended after the read started", async () => {
      const log = await open();
      await appendAll(log, makeEnvelopes(0, 5));
      const reader = log.read(undefined, { signal: signal() })[Symbol.asyncIterator]();
      const first = reader.next();
      const later = makeEnvelopes(5, 5);
      await appendAll(log, later);
      const items = [await first, ...(await take(reader, 4))].map((r) => entryOf(r.value).envelope);
      expect(items).toEqual(later);
    });

    it("the last position read is a resume point: nothing twice, nothing lost", async () => {
      const log = await open();
      const envelopes = makeEnvelopes(0, 30);
      const positions = await appendAll(log, envelopes);
      const firstHalf = (await take(log.read(positions[0], { signal: signal() })[Symbol.asyncIterator](), 14)).map(
        (r) => entryOf(r.value),
      );
      const resumeAt = firstHalf.at(-1)?.position;
      const secondHalf = (await take(log.read(resumeAt, { signal: signal() })[Symbol.asyncIterator](), 15)).map((r) =>
        entryOf(r.value),
      );
      expect([...firstHalf, ...secondHalf].map((e) => e.envelope)).toEqual(envelopes.slice(1));
    });

    it("a reader behind the trimmed entries gets a gap first, then the oldest entry held onward", async () => {
      const log = await open(10);
      const envelopes = makeEnvelopes(0, trimAppends);
      const positions = await appendAll(log, envelopes);
      const reader = log.read(positions[0], { signal: signal() })[Symbol.asyncIterator]();
      const head = (await reader.next()).value as LogItem;
      expect(isLogGap(head)).toBe(true);
      const { gap } = head as LogGap;
      expect(gap.after).toBe(positions[0]);
      const resumedIndex = positions.indexOf(gap.resumedAt);
      expect(resumedIndex).toBeGreaterThan(1);
      const rest = (await take(reader, trimAppends - resumedIndex)).map((r) => entryOf(r.value));
      expect(rest.map((e) => e.position)).toEqual(positions.slice(resumedIndex));
      expect(rest.map((e) => e.envelope)).toEqual(envelopes.slice(resumedIndex));
    });

    it("types filters entries, in order, backlog and live", async () => {
      const log = await open();
      const envelopes = makeEnvelopes(0, 24);
      const positions = await appendAll(log, envelopes.slice(0, 12));
      const wanted = ["user_login", "log_batch"];
      const reader = log.read(positions[0], { signal: signal(), types: wanted })[Symbol.asyncIterator]();
      await appendAll(log, envelopes.slice(12));
      const expected = envelopes.slice(1).filter((e) => wanted.includes(e.event_type));
      const items = (await take(reader, expected.length)).map((r) => entryOf(r.value).envelope);
      expect(items).toEqual(expected);
    });

    it("aborting the signal ends a waiting iterator, and an aborted signal ends it at once", async () => {
      const log = await open();
      const controller = new AbortController();
      const pending = log.read(undefined, { signal: controller.signal })[Symbol.asyncIterator]().next();
      controller.abort();
      expect(await pending).toEqual({ done: true, value: undefined });
      const positions = await appendAll(log, makeEnvelopes(0, 3));
      const aborted = AbortSignal.abort();
      const items = await collect(log.read(positions[0], { signal: aborted }));
      expect(items).toEqual([]);
    });

    it("close() ends the reads in progress", async () => {
      const log = await factory({ capacity: 100 });
      const positions = await appendAll(log, makeEnvelopes(0, 2));
      const waiting = log.read(positions[1], { signal: signal() })[Symbol.asyncIterator]().next();
      await log.close();
      expect((await waiting).done).toBe(true);
    });

    it("concurrent readers from one position see the same entries", async () => {
      const log = await open();
      const start = await log.append(makeEnvelopes(100, 1)[0] as Envelope);
      const readers = [0, 1, 2, 3].map(() => log.read(start, { signal: signal() })[Symbol.asyncIterator]());
      const reads = readers.map((reader) => take(reader, 50));
      await appendAll(log, makeEnvelopes(0, 50));
      const seen = (await Promise.all(reads)).map((results) => results.map((r) => entryOf(r.value)));
      for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);
      expect(seen[0]?.map((e) => e.envelope)).toEqual(makeEnvelopes(0, 50));
    });

    it("10,000 appends come back complete and in order", async () => {
      const log = await open(20_000);
      const reader = log.read(undefined, { signal: signal() })[Symbol.asyncIterator]();
      const first = reader.next();
      const envelopes = makeEnvelopes(0, 10_000);
      const positions = await appendAll(log, envelopes);
      expect(new Set(positions).size).toBe(10_000);
      const items = [await first, ...(await take(reader, 9_999))].map((r) => entryOf(r.value));
      expect(items.map((e) => e.position)).toEqual(positions);
      expect(items.map((e) => e.envelope.event_id)).toEqual(envelopes.map((e) => e.event_id));
    });
  });
}

/** What a log read yields. */
export type LogItem = LogEntry | LogGap;
/** Reads until `count` items came or `timeoutMs` passed (then the read is aborted and what came is returned). */
export async function readItems(
  log: EventLog,
  after: string | undefined,
  count: number,
  timeoutMs = 20_000,
): Promise<LogItem[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const items: LogItem[] = [];
  for await (const item of log.read(after, { signal })) {
    items.push(item);
    if (items.length === count) break;
  }
  return items;
}

/** The event_id of each entry read, and "gap" for each gap. */
export function idsOf(items: readonly LogItem[]): string[] {
  return items.map((item) => (isLogGap(item) ? "gap" : item.envelope.event_id));
}

/** `count` envelopes of mixed example types with distinct ids, the same on every call. */
export function makeEnvelopes(from: number, count: number): Envelope[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const type = EXAMPLE_TYPES[i % EXAMPLE_TYPES.length] as (typeof EXAMPLE_TYPES)[number];
    return { ...exampleEnvelopes(i % 7)[type], event_id: `law-${String(i).padStart(6, "0")}` };
  });
}

/** Appends one at a time, so that the order of the log is the order of the list. */
async function appendAll(log: EventLog, envelopes: readonly Envelope[]): Promise<string[]> {
  const positions: string[] = [];
  for (const envelope of envelopes) positions.push(await log.append(envelope));
  return positions;
}

async function take(reader: AsyncIterator<LogItem>, count: number): Promise<IteratorResult<LogItem>[]> {
  const results: IteratorResult<LogItem>[] = [];
  while (results.length < count) {
    const result = await reader.next();
    if (result.done) throw new Error(`the read ended after ${results.length} of ${count} items`);
    results.push(result);
  }
  return results;
}

async function collect(items: AsyncIterable<LogItem>): Promise<LogItem[]> {
  const out: LogItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function entryOf(item: LogItem | undefined): LogEntry {
  if (item === undefined || isLogGap(item)) throw new Error(`expected an entry, got ${JSON.stringify(item)}`);
  return { position: item.position, envelope: item.envelope };
}
