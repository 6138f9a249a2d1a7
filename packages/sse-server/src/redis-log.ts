import type { Codec, Envelope, EnvelopeError } from "@eventwire/envelope-core";
import { isEnvelopeError } from "@eventwire/envelope-core";
import { type Cluster, Redis, type RedisOptions } from "ioredis";
import type { EventLog, LogEntry, LogGap, ReadOptions } from "./event-log.js";
import {
  appendEntry,
  decodeStoredEntry,
  defineStreamScripts,
  followsGap,
  readRange,
  readTailId,
  type StoredEntry,
} from "./redis-batch.js";
import { isTransientRedisError } from "./redis-retry.js";
import { compareStreamIds, parseStreamPosition } from "./redis-stream-id.js";
import { createRedisTail } from "./redis-tail.js";
import { retryUntilAborted } from "./retry.js";

/** Options of {@link createRedisLog}. */
export interface RedisLogOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  readonly url: string;
  /** The stream's key. */
  readonly stream: string;
  /** Encodes appended envelopes and decodes stored ones; every log object on a stream uses the same codec. */
  readonly codec: Codec;
  /** Trims the stream to about this many entries on each append (`MAXLEN ~`). Default: never trimmed. */
  readonly maxLength?: number;
  /**
   * How long an appended event_id is remembered (a small key with this expiry), so that an
   * append that ioredis sends again after a lost connection is stored once, as JetStream's
   * duplicate window does. 0 turns it off. Default 120,000 (2 minutes).
   */
  readonly duplicateWindowMs?: number;
  /** Entries fetched per round trip while a reader catches up. Default 512. */
  readonly batchSize?: number;
  /** How long one `XREAD BLOCK` waits before it is sent again, in ms. Default 2000. */
  readonly blockMs?: number;
  /**
   * Called for a stored entry whose bytes the codec cannot decode; the reader skips it and
   * goes on. Default: one line on stderr (`console.error`).
   */
  readonly onInvalidEntry?: (error: EnvelopeError, position: string) => void;
  /** Passed to ioredis for both connections (TLS, timeouts, retry strategy). */
  readonly redisOptions?: RedisOptions;
  /**
   * Makes each of the log's two connections instead of `new Redis(url, redisOptions)`: for
   * Redis Cluster, `() => new Cluster([{ host, port }])` (then `url` only names the log).
   */
  readonly createClient?: () => Redis | Cluster;
}

/** An {@link EventLog} on Redis Streams, with `close()` to release its two connections. */
export interface RedisLog<TEnvelope extends Envelope = Envelope> extends EventLog<TEnvelope> {
  close(): Promise<void>;
}

/**
 * An event log on a Redis stream: `XADD` appends (the position is the entry id), readers
 * catch up with `XRANGE` in batches and then wait on one shared `XREAD BLOCK` connection.
 *
 * @example
 * ```ts
 * const log = createRedisLog({ url: "redis://127.0.0.1:6379", stream: "orders", codec, maxLength: 100_000 });
 * const position = await log.append(createEnvelope({ event_type: "order_placed", source: "shop", data }));
 * ```
 */
export function createRedisLog<TEnvelope extends Envelope = Envelope>(options: RedisLogOptions): RedisLog<TEnvelope> {
  const { stream, codec } = options;
  const batchSize = options.batchSize ?? 512;
  const onInvalidEntry = options.onInvalidEntry ?? reportInvalidEntry;
  const connect =
    options.createClient ?? (() => new Redis(options.url, { lazyConnect: true, ...options.redisOptions }));
  const commands = connect();
  const blocking = connect();
  // Connection errors come back as failed commands (reads retry them, appends reject); an
  // 'error' event nobody listens to would only make ioredis print each one.
  for (const client of [commands, blocking]) client.on("error", () => {});
  defineStreamScripts(commands);
  const tail = createRedisTail(commands, blocking, stream, options.blockMs ?? 2_000);
  const closing = new AbortController();
  const inFlight = new Map<string, Promise<StoredEntry[]>>();
  const maxLength = options.maxLength === undefined ? "" : String(options.maxLength);
  const duplicateWindowMs = options.duplicateWindowMs ?? 120_000;

  // Readers at the same position (every caught-up reader after a wake-up) share one round trip.
  const fetchBatch = (after: string): Promise<StoredEntry[]> => {
    const pending = inFlight.get(after);
    if (pending !== undefined) return pending;
    const request = readRange(commands, stream, after, batchSize).finally(() => inFlight.delete(after));
    inFlight.set(after, request);
    return request;
  };

  async function* read(
    after: string | undefined,
    readOptions: ReadOptions,
  ): AsyncGenerator<LogEntry<TEnvelope> | LogGap> {
    const signal = AbortSignal.any([readOptions.signal, closing.signal]);
    const types = readOptions.types === undefined ? undefined : new Set(readOptions.types);
    const tailId = await retryUntilAborted(() => readTailId(commands, stream), signal, isTransientRedisError);
    if (tailId === undefined) return;
    // A position this stream never issued (malformed, or beyond its newest id, as after the
    // stream was deleted and made again) cannot say what the reader missed: a gap, then all.
    const known = after === undefined ? tailId : parseStreamPosition(after);
    const unknown = known === undefined || compareStreamIds(known, tailId) > 0;
    let last: string | undefined = unknown ? "0-0" : known;
    let pendingGap = unknown ? after : undefined;
    while (last !== undefined && !signal.aborted) {
      const batch = await retryUntilAborted(() => fetchBatch(last as string), signal, isTransientRedisError);
      if (batch === undefined) return;
      const first = batch[0];
      if (first === undefined) {
        await tail.waitAfter(last, signal);
        continue;
      }
      if (pendingGap !== undefined || followsGap(first, last)) {
        yield { gap: { after: pendingGap ?? last, resumedAt: first.position } };
        pendingGap = undefined;
      }
      for (const entry of batch) {
        const item = selectEntry(entry, types);
        last = entry.position;
        if (item !== undefined) yield item;
        if (signal.aborted) return;
      }
    }
  }

  const selectEntry = (entry: StoredEntry, types: Set<string> | undefined): LogEntry<TEnvelope> | undefined => {
    if (types !== undefined && entry.eventType !== undefined && !types.has(entry.eventType)) return undefined;
    const decoded = decodeStoredEntry(entry, codec);
    if (isEnvelopeError(decoded)) {
      onInvalidEntry(decoded, entry.position);
      return undefined;
    }
    if (types !== undefined && !types.has(decoded.event_type)) return undefined;
    return { position: entry.position, envelope: decoded as TEnvelope };
  };

  return {
    async append(envelope: TEnvelope): Promise<string> {
      const bytes = codec.encode(envelope);
      const value = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return appendEntry(commands, {
        key: stream,
        maxLength,
        eventId: envelope.event_id,
        eventType: envelope.event_type,
        bytes: value,
        duplicateWindowMs,
      });
    },
    read: (after, readOptions) => read(after, readOptions),
    async close() {
      closing.abort();
      tail.close();
      blocking.disconnect();
      if (commands.status === "wait" || commands.status === "end") commands.disconnect();
      else await commands.quit().catch(() => commands.disconnect());
    },
  };
}

function reportInvalidEntry(error: EnvelopeError, position: string): void {
  console.error(`eventwire: skipped stream entry ${position}: ${error.message}`);
}
