import { type Client, type ClientFormat, type ClientSink, createClient } from "./client.js";
import { createFrameCache, type FrameCache } from "./frames.js";
import { createHub } from "./hub.js";
import { resolveOptions, type SseHandlerInit, type SseHandlerOptions } from "./options.js";
import type { ClientQuery } from "./query.js";

/** What every handler returned by this package also offers, besides serving requests. */
export interface HandlerControl {
  /** Clients connected now. */
  readonly clientCount: number;
  /** Stops the log read and ends every client (they resume elsewhere with their last id). */
  close(): Promise<void>;
}

/** The part of a handler that is the same for SSE over node:http, Fetch and WebSocket. */
export interface HandlerCore extends HandlerControl {
  readonly options: SseHandlerOptions;
  readonly frames: FrameCache;
  /**
   * When `maxClients` are connected, or the handler is closed: announces the refusal (a
   * `rejected` notice) and gives the `Retry-After` seconds and the text to answer with (503).
   * Undefined when the client may connect.
   */
  refusal(): { readonly retryAfter: string; readonly message: string } | undefined;
  /** Serves a client until the returned function is called (or it closes itself). */
  connect<TChunk>(query: ClientQuery, sink: ClientSink<TChunk>, format: ClientFormat<TChunk>): () => void;
  /** Runs `action` every `heartbeatMs` while clients are connected. */
  onTick(action: () => void): void;
}

/** One log read, one frame cache and one heartbeat timer, shared by all of a handler's clients. */
export function createHandlerCore(init: SseHandlerInit): HandlerCore {
  const options = resolveOptions(init);
  const hub = createHub(options.log);
  const frames = createFrameCache(options.codecs, options.frameCacheBytes);
  const clients = new Map<Client, () => void>();
  const tickActions: (() => void)[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const tick = (): void => {
    for (const client of clients.keys()) client.tick();
    for (const action of tickActions) action();
  };
  const startTimer = (): void => {
    if (timer !== undefined) return;
    timer = setInterval(tick, options.heartbeatMs);
    timer.unref?.();
  };
  const stopTimerIfIdle = (): void => {
    if (clients.size > 0 || timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
  };

  return {
    options,
    frames,
    get clientCount() {
      return clients.size;
    },
    // A closed handler turns every request away (503), as a server that is going down should.
    refusal() {
      if (!closed && clients.size < options.maxClients) return undefined;
      options.onNotice?.({ type: "rejected" });
      const retryAfter = String(Math.ceil(options.retryMs / 1000));
      const message = `this server serves ${options.maxClients} clients at most (or is closing): retry in ${retryAfter} s`;
      return { retryAfter, message };
    },
    connect(query, sink, format) {
      let unsubscribe: (() => void) | undefined;
      let gone = false;
      const disconnect = (): void => {
        if (gone) return;
        gone = true;
        client.detach();
        unsubscribe?.();
        clients.delete(client);
        stopTimerIfIdle();
        options.onNotice?.({ type: "closed", position: client.lastPosition });
      };
      const client = createClient(query, options, sink, format, (reason) => {
        if (reason === "overflow") options.onNotice?.({ type: "overflow", position: client.lastPosition });
        disconnect();
      });
      clients.set(client, disconnect);
      startTimer();
      options.onNotice?.({ type: "connected", position: query.after });
      unsubscribe = hub.subscribe(query.after, client);
      // The client may have reached its limit during the replay, before it had `unsubscribe`.
      if (gone) unsubscribe();
      return disconnect;
    },
    onTick(action) {
      tickActions.push(action);
    },
    close() {
      closed = true;
      hub.close();
      for (const [client, disconnect] of [...clients]) {
        client.end();
        disconnect();
      }
      return Promise.resolve();
    },
  };
}
