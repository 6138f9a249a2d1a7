import type { Codec } from "@eventwire/envelope-core";
import type { EventLog } from "./event-log.js";

/** Cross-origin access for browsers on other origins (`EventSource`, `fetch`). */
export interface CorsOptions {
  /** The origins allowed: a list, or `"*"` for any. */
  readonly origin: "*" | readonly string[];
  /** Sends `Access-Control-Allow-Credentials: true` (cookies); not with `"*"`. Default false. */
  readonly credentials?: boolean;
}

/** A per-client rate: a token bucket of `burst` events refilled at `eventsPerSecond`. */
export interface RateOptions {
  readonly eventsPerSecond: number;
  readonly burst: number;
}

/** Something the handler did to a client, for logs and metrics. */
export interface ServerNotice {
  readonly type: "connected" | "rejected" | "overflow" | "dropped" | "closed";
  /** The client's last delivered position, where it resumes. */
  readonly position?: string | undefined;
  /** For `dropped`: how many entries of each type. */
  readonly counts?: Readonly<Record<string, number>>;
}

/** Options of {@link createSseHandler}, {@link createSseFetchHandler} and {@link createWebSocketHandler}. */
export interface SseHandlerOptions {
  /** Where the entries come from. */
  readonly log: EventLog;
  /** The formats a client can ask for with `?format=`, by name; the first is the default. */
  readonly codecs: Readonly<Record<string, Codec>>;
  /** A heartbeat (an SSE comment, a WebSocket ping) after this many idle milliseconds. Default 15,000. */
  readonly heartbeatMs: number;
  /** The reconnection time sent as `retry:`. Default 2,000. */
  readonly retryMs: number;
  /** Clients served at once by this handler; more get 503 with `Retry-After`. Default 5,000. */
  readonly maxClients: number;
  /**
   * Bytes written to a client but not yet taken by its connection; past this the client is
   * closed, and resumes from the log with its last id. Default 1 MiB.
   */
  readonly maxBufferedBytes: number;
  /** Past this many buffered bytes, a client's `lowPriorityTypes` are dropped (and announced). Default half of `maxBufferedBytes`. */
  readonly degradeAtBytes: number;
  /** Event types a slow client loses first: dropped and counted in an `eventwire.dropped` notice. Default none. */
  readonly lowPriorityTypes: readonly string[];
  /** A per-client rate; events over it wait (low-priority ones are dropped). Default none. */
  readonly rate: RateOptions | undefined;
  /** The event types a client may name in `?types=`; others are a 400. Default: any name. */
  readonly eventTypes: readonly string[] | undefined;
  /** CORS headers; default none (same origin only). */
  readonly cors: CorsOptions | undefined;
  /** Bytes of recent frames kept, shared by clients that catch up or resume. Default 16 MiB. */
  readonly frameCacheBytes: number;
  /** Called for what the handler does to clients (connect, reject, overflow, drops, close). */
  readonly onNotice: ((notice: ServerNotice) => void) | undefined;
}

/** The defaults of {@link SseHandlerOptions}. */
export const SSE_HANDLER_DEFAULTS = Object.freeze({
  heartbeatMs: 15_000,
  retryMs: 2_000,
  maxClients: 5_000,
  maxBufferedBytes: 1024 * 1024,
  lowPriorityTypes: [] as readonly string[],
  frameCacheBytes: 16 * 1024 * 1024,
});

/** What callers pass: the log and the codecs, everything else optional. */
export type SseHandlerInit = Pick<SseHandlerOptions, "log" | "codecs"> &
  Partial<Omit<SseHandlerOptions, "log" | "codecs">>;

/** Fills the defaults and refuses options that could not work. */
export function resolveOptions(init: SseHandlerInit): SseHandlerOptions {
  if (Object.keys(init.codecs).length === 0) throw new TypeError("codecs must name at least one codec");
  const maxBufferedBytes = init.maxBufferedBytes ?? SSE_HANDLER_DEFAULTS.maxBufferedBytes;
  const options: SseHandlerOptions = {
    log: init.log,
    codecs: init.codecs,
    heartbeatMs: init.heartbeatMs ?? SSE_HANDLER_DEFAULTS.heartbeatMs,
    retryMs: init.retryMs ?? SSE_HANDLER_DEFAULTS.retryMs,
    maxClients: init.maxClients ?? SSE_HANDLER_DEFAULTS.maxClients,
    maxBufferedBytes,
    degradeAtBytes: init.degradeAtBytes ?? Math.floor(maxBufferedBytes / 2),
    lowPriorityTypes: init.lowPriorityTypes ?? SSE_HANDLER_DEFAULTS.lowPriorityTypes,
    rate: init.rate,
    eventTypes: init.eventTypes,
    cors: init.cors,
    frameCacheBytes: init.frameCacheBytes ?? SSE_HANDLER_DEFAULTS.frameCacheBytes,
    onNotice: init.onNotice,
  };
  for (const key of ["heartbeatMs", "retryMs", "maxClients", "maxBufferedBytes", "frameCacheBytes"] as const) {
    const value = options[key];
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${key} must be a positive integer`);
  }
  if (options.rate !== undefined && !(options.rate.eventsPerSecond > 0 && options.rate.burst >= 1)) {
    throw new RangeError("rate needs eventsPerSecond > 0 and burst >= 1");
  }
  return options;
}
