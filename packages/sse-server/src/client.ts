import { isLogGap, type LogEntry, type LogGap } from "./event-log.js";
import type { HubSubscriber } from "./hub.js";
import type { SseHandlerOptions } from "./options.js";
import type { ClientQuery } from "./query.js";

/** Why a client is closed by the server: `?limit=` reached, too far behind, or the log read ended. */
export type CloseReason = "limit" | "overflow" | "log-ended";

/** A connection as the client logic sees it, whatever the transport. */
export interface ClientSink<TChunk> {
  write(chunk: TChunk): void;
  /** Bytes written but not yet taken by the connection. */
  buffered(): number;
  /** Ends the connection after what was written; cuts it if the peer does not take it soon. */
  end(reason: CloseReason): void;
  /**
   * Calls `listener` when the connection has taken written bytes, so that a catch-up waiting
   * for room goes on at once instead of at its next poll. Optional: without it, the poll alone.
   */
  onTaken?(listener: () => void): void;
}

/** How a transport writes each kind of message (entries come from the shared frame cache). */
export interface ClientFormat<TChunk> {
  entry(entry: LogEntry): TChunk;
  gap(gap: LogGap): TChunk;
  dropped(counts: Readonly<Record<string, number>>): TChunk;
  /** The last words to a client the server closes for falling behind or because the log read ended. */
  closing(reason: "overflow" | "log-ended", position: string | undefined): TChunk;
  heartbeat(): TChunk | undefined;
  sizeOf(chunk: TChunk): number;
}

/** One client: the per-client work of the fan-out is this filter, these limits and a write. */
export interface Client extends HubSubscriber {
  /** Writes a heartbeat if nothing was written since the last call. */
  tick(): void;
  /** Stops delivering; the transport is already closing. */
  detach(): void;
  readonly lastPosition: string | undefined;
}

/**
 * The QoS of one client, in order: its types filter; the output bound (past
 * `maxBufferedBytes` it is cut, with its resume position, and resumes from the log); the
 * degradation (past `degradeAtBytes`, or out of rate, its low-priority types are dropped and
 * counted, and the counts are sent as soon as it drains); the rate (other events wait their
 * token in order); and `?limit=`. While it catches up from an older position the hub waits on
 * `room()`: it is fed at its own pace, kept under half of `degradeAtBytes`, and cut only if it
 * takes nothing for two heartbeats.
 */
export function createClient<TChunk>(
  query: ClientQuery,
  options: SseHandlerOptions,
  sink: ClientSink<TChunk>,
  format: ClientFormat<TChunk>,
  onClosed: (reason: CloseReason) => void,
): Client {
  const low = new Set(options.lowPriorityTypes);
  const bucket =
    options.rate === undefined ? undefined : createBucket(options.rate.eventsPerSecond, options.rate.burst);
  const waiting: { chunk: TChunk; position?: string }[] = [];
  let waitingBytes = 0;
  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  let drops: Record<string, number> | undefined;
  let sent = 0;
  let wrote = false;
  let closed = false;
  let lastPosition: string | undefined;

  const buffered = (): number => sink.buffered() + waitingBytes;
  const write = (chunk: TChunk, position?: string): void => {
    sink.write(chunk);
    wrote = true;
    if (position === undefined) return;
    lastPosition = position;
    if (++sent >= query.limit) close("limit");
  };
  const close = (reason: CloseReason): void => {
    if (closed) return;
    closed = true;
    if (waitTimer !== undefined) clearTimeout(waitTimer);
    if (reason !== "limit") sink.write(format.closing(reason, lastPosition));
    sink.end(reason);
    onClosed(reason);
  };
  const sendDrops = (): void => {
    if (drops === undefined || buffered() > options.degradeAtBytes) return;
    const counts = drops;
    drops = undefined;
    write(format.dropped(counts));
    options.onNotice?.({ type: "dropped", position: lastPosition, counts });
  };
  const drop = (type: string): void => {
    drops ??= {};
    drops[type] = (drops[type] ?? 0) + 1;
  };
  const flushWaiting = (): void => {
    waitTimer = undefined;
    while (!closed && waiting.length > 0 && bucket?.take() !== false) {
      const next = waiting.shift() as { chunk: TChunk; position?: string };
      waitingBytes -= format.sizeOf(next.chunk);
      if (next.position !== undefined) sendDrops();
      write(next.chunk, next.position);
    }
    if (!closed && waiting.length > 0) waitTimer = setTimeout(flushWaiting, bucket?.msUntilToken() ?? 0);
  };

  const deliverEntry = (entry: LogEntry): void => {
    const type = entry.envelope.event_type;
    if (query.types !== undefined && !query.types.has(type)) return;
    if (buffered() > options.maxBufferedBytes) {
      close("overflow");
      return;
    }
    const isLow = low.has(type);
    if (isLow && buffered() > options.degradeAtBytes) {
      drop(type);
      return;
    }
    if (bucket !== undefined && (waiting.length > 0 || !bucket.take())) {
      if (isLow) {
        drop(type);
        return;
      }
      const chunk = format.entry(entry);
      waiting.push({ chunk, position: entry.position });
      waitingBytes += format.sizeOf(chunk);
      waitTimer ??= setTimeout(flushWaiting, bucket.msUntilToken());
      return;
    }
    sendDrops();
    write(format.entry(entry), entry.position);
  };

  // A catch-up waits below the degradation line, so that catching up never drops low-priority types.
  const catchUpBytes = Math.floor(options.degradeAtBytes / 2);
  let roomWait: Promise<void> | undefined;
  let wakeRoom: (() => void) | undefined;
  sink.onTaken?.(() => wakeRoom?.());
  const waitForRoom = (): Promise<void> =>
    new Promise((resolve) => {
      let delay = 5;
      let lowest = buffered();
      let progressAt = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hasRoom = (): boolean => {
        if (!closed && buffered() > catchUpBytes) return false;
        clearTimeout(timer);
        roomWait = undefined;
        wakeRoom = undefined;
        resolve();
        return true;
      };
      // The poll notices a stall (and serves a sink without onTaken); onTaken ends the wait early.
      const check = (): void => {
        if (hasRoom()) return;
        const now = buffered();
        if (now < lowest) {
          lowest = now;
          progressAt = performance.now();
          delay = 5;
        } else if (performance.now() - progressAt > 2 * options.heartbeatMs) {
          // Took nothing for two heartbeats: cut, as a live client past the bound would be.
          close("overflow");
          hasRoom();
          return;
        } else delay = Math.min(delay * 2, 100);
        timer = setTimeout(check, delay);
      };
      wakeRoom = hasRoom;
      timer = setTimeout(check, delay);
    });

  return {
    room() {
      if (closed || buffered() <= catchUpBytes) return undefined;
      roomWait ??= waitForRoom();
      return roomWait;
    },
    deliver(item) {
      if (closed) return;
      if (!isLogGap(item)) {
        deliverEntry(item);
        return;
      }
      const chunk = format.gap(item);
      if (waiting.length > 0) {
        waiting.push({ chunk });
        waitingBytes += format.sizeOf(chunk);
      } else write(chunk);
    },
    end() {
      close("log-ended");
    },
    tick() {
      if (closed) return;
      sendDrops();
      if (!wrote) {
        const beat = format.heartbeat();
        if (beat !== undefined) sink.write(beat);
      }
      wrote = false;
    },
    detach() {
      closed = true;
      if (waitTimer !== undefined) clearTimeout(waitTimer);
    },
    get lastPosition() {
      return lastPosition;
    },
  };
}

/** A token bucket: `burst` tokens, refilled continuously at `perSecond`. */
function createBucket(perSecond: number, burst: number) {
  let tokens = burst;
  let at = performance.now();
  const refill = (): void => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond);
    at = now;
  };
  return {
    take(): boolean {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    msUntilToken(): number {
      refill();
      return Math.max(1, Math.ceil(((1 - tokens) / perSecond) * 1000));
    },
  };
}
