import type { Codec, Envelope, EnvelopeError } from "@eventwire/envelope-core";
import { toEnvelopeError } from "@eventwire/envelope-core/wire";
import {
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { EventLog, LogEntry, LogGap, ReadOptions } from "./event-log.js";
import { ensureStream } from "./nats-stream.js";
import { subjectOfType } from "./nats-subject.js";
import { computeBackoffMs, retryUntilAborted, sleepUnlessAborted } from "./retry.js";

const PULL_EXPIRES_MS = 5_000;

/** Options of {@link createNatsLog}. */
export interface NatsLogOptions {
  /** `nats://host:port`, or several separated by commas (a cluster). */
  readonly servers: string;
  /** The JetStream stream's name; made on first use if missing (file storage). */
  readonly stream: string;
  /** The log's subject: envelopes are published on `<subject>.<event type token>`. */
  readonly subject: string;
  /** Encodes appended envelopes and decodes stored ones. */
  readonly codec: Codec;
  /** When this log makes the stream: keep only the newest this many messages. Default: no limit. */
  readonly maxMessages?: number;
  /** How long an append keeps retrying while the server is away, in ms. Default 30,000. */
  readonly appendTimeoutMs?: number;
  /** Called for a stored message the codec cannot decode; the reader skips it. Default: `console.error`. */
  readonly onInvalidEntry?: (error: EnvelopeError, position: string) => void;
}

/** An {@link EventLog} on NATS JetStream, with `close()` to release its connection. */
export interface NatsLog<TEnvelope extends Envelope = Envelope> extends EventLog<TEnvelope> {
  close(): Promise<void>;
}

interface Connected {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** Stops of the consumers in progress: a reconnect ends them, and their readers start again. */
  readonly consuming: Set<() => void>;
}

/**
 * An event log on a NATS JetStream stream: the position is the stream sequence; each read is
 * an ordered consumer from `after + 1`, and a jump in sequence is a gap (trimmed by limits).
 * The append's message id is the event_id, so JetStream drops a retried append that had
 * already arrived (within the stream's duplicate window, 2 minutes by default).
 *
 * @example
 * ```ts
 * const log = createNatsLog({ servers: "nats://127.0.0.1:4222", stream: "ORDERS", subject: "orders", codec });
 * const position = await log.append(createEnvelope({ event_type: "order_placed", source: "shop", data }));
 * ```
 */
export function createNatsLog<TEnvelope extends Envelope = Envelope>(options: NatsLogOptions): NatsLog<TEnvelope> {
  const { stream, subject, codec } = options;
  const onInvalidEntry = options.onInvalidEntry ?? reportInvalidEntry;
  const closing = new AbortController();
  let connecting: Promise<Connected> | undefined;

  const connectOnce = (): Promise<Connected> => {
    if (closing.signal.aborted) return Promise.reject(new Error("the NATS log is closed"));
    connecting ??= openConnection(options).catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };

  const append = async (envelope: TEnvelope): Promise<string> => {
    const bytes = codec.encode(envelope);
    const target = subjectOfType(subject, envelope.event_type);
    const deadline = Date.now() + (options.appendTimeoutMs ?? 30_000);
    for (let attempt = 0; ; attempt++) {
      try {
        const { js } = await connectOnce();
        const ack = await js.publish(target, bytes, { msgID: envelope.event_id });
        return String(ack.seq);
      } catch (error) {
        if (closing.signal.aborted || Date.now() >= deadline || !isTransient(error)) throw error;
        await sleepUnlessAborted(computeBackoffMs(attempt), closing.signal);
      }
    }
  };

  async function* read(
    after: string | undefined,
    readOptions: ReadOptions,
  ): AsyncGenerator<LogEntry<TEnvelope> | LogGap> {
    const signal = AbortSignal.any([readOptions.signal, closing.signal]);
    const wanted =
      readOptions.types === undefined ? undefined : new Set(readOptions.types.map((t) => subjectOfType(subject, t)));
    const lastSeq = await retryUntilAborted(() => readLastSequence(), signal);
    if (lastSeq === undefined) return;
    // A position this stream never issued cannot say what the reader missed: a gap, then all.
    const known = after === undefined ? lastSeq : parseSequence(after);
    const unknown = known === undefined || known > lastSeq;
    let last = unknown ? 0 : (known as number);
    let pendingGap = unknown ? after : undefined;
    for (let failures = 0; !signal.aborted; failures++) {
      for await (const msg of consumeFrom(last + 1, signal)) {
        failures = 0;
        // A consumer made again after a reconnect may repeat what this reader has seen.
        if (msg.seq <= last) continue;
        if (pendingGap !== undefined || msg.seq > last + 1) {
          yield { gap: { after: pendingGap ?? String(last), resumedAt: String(msg.seq) } };
          pendingGap = undefined;
        }
        last = msg.seq;
        const entry = selectEntry(msg, wanted, readOptions.types);
        if (entry !== undefined) yield entry;
      }
      await sleepUnlessAborted(computeBackoffMs(failures), signal);
    }
  }

  const readLastSequence = async (): Promise<number> => {
    const { jsm } = await connectOnce();
    return (await jsm.streams.info(stream)).state.last_seq;
  };

  // One ordered consumer from `start`; it ends (without throwing) when the signal aborts or
  // the consumer fails, and the reader makes a new one from where it was.
  async function* consumeFrom(start: number, signal: AbortSignal): AsyncGenerator<JsMsg> {
    let stop = (): void => {};
    const onAbort = () => stop();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const { js, consuming } = await connectOnce();
      const consumer = await js.consumers.get(stream, {
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: start,
      });
      // Short pulls: heartbeats every few seconds, so a consumer lost with a restarted server is noticed soon.
      const messages = await consumer.consume({ expires: PULL_EXPIRES_MS });
      stop = () => void messages.stop();
      consuming.add(stop);
      if (signal.aborted) stop();
      try {
        yield* messages;
      } finally {
        consuming.delete(stop);
        stop();
      }
    } catch {
      // Reported by ending: the caller backs off and starts again from its last position.
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  const selectEntry = (msg: JsMsg, wanted: Set<string> | undefined, types: readonly string[] | undefined) => {
    if (wanted !== undefined && msg.subject.startsWith(`${subject}.`) && !wanted.has(msg.subject)) return undefined;
    const position = String(msg.seq);
    let envelope: TEnvelope;
    try {
      envelope = codec.decode(msg.data) as TEnvelope;
    } catch (error) {
      onInvalidEntry(toEnvelopeError(error, "MALFORMED"), position);
      return undefined;
    }
    if (types !== undefined && !types.includes(envelope.event_type)) return undefined;
    return { position, envelope };
  };

  return {
    append,
    read: (after, readOptions) => read(after, readOptions),
    async close() {
      closing.abort();
      const pending = connecting;
      connecting = undefined;
      const connected = await pending?.catch(() => undefined);
      await connected?.nc.close();
    },
  };

  async function openConnection(o: NatsLogOptions): Promise<Connected> {
    const nc = await connect({ servers: o.servers.split(","), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStream(jsm, { name: stream, subject, maxMessages: o.maxMessages });
      const connected = { nc, js: jetstream(nc), jsm, consuming: new Set<() => void>() };
      restartConsumersOnReconnect(connected).catch(() => {});
      return connected;
    } catch (error) {
      await nc.close();
      throw error;
    }
  }
}

/**
 * The ordered consumers of a server that restarted are gone (they live in its memory): end
 * every consumer in progress at a reconnect, and each reader makes a new one from its last
 * sequence at once, rather than after its missed heartbeats.
 */
async function restartConsumersOnReconnect(connected: Connected): Promise<void> {
  for await (const status of connected.nc.status()) {
    if (status.type === "reconnect") for (const stop of connected.consuming) stop();
  }
}

// Errors that the same append would meet again: retrying them only delays the answer.
const PERMANENT_ERRORS = new Set([
  "InvalidArgumentError", // larger than the server's max_payload
  "InvalidSubjectError",
  "PermissionViolationError",
  "AuthorizationError",
  "JetStreamApiError", // the stream refused it (a limit with discard new, a message too large)
]);

/** True for what a reconnect can cure: timeouts, no responders while the server restarts, a lost connection. */
function isTransient(error: unknown): boolean {
  return !(error instanceof Error && PERMANENT_ERRORS.has(error.name));
}

/** A stream sequence written by this log: a decimal integer, or undefined for anything else. */
function parseSequence(position: string): number | undefined {
  if (!/^\d{1,15}$/.test(position)) return undefined;
  return Number(position);
}

function reportInvalidEntry(error: EnvelopeError, position: string): void {
  console.error(`eventwire: skipped stream message ${position}: ${error.message}`);
}
