import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import type { WebSocket } from "ws";
import type { ClientFormat, ClientSink, CloseReason } from "./client.js";
import { createHandlerCore, type HandlerControl, type HandlerCore } from "./core.js";
import { type WsMessage, wsText } from "./frames.js";
import type { SseHandlerInit } from "./options.js";
import { parseQuery } from "./query.js";

/**
 * A `connection` listener for a `ws` `WebSocketServer`, with `verifyClient` for the same server's
 * options: it refuses before the upgrade, with an HTTP status the client can act on.
 */
export type WebSocketHandler = ((socket: WebSocket, request: IncomingMessage) => void) &
  HandlerControl & {
    /**
     * `ws`'s asynchronous `verifyClient`: 503 with `Retry-After` when `maxClients` are connected
     * (or the handler is closing), 400 for a bad `?format=` / `?types=` / `?limit=`, before any
     * upgrade. Without it the same checks run after the upgrade and close with 1013 / 1008.
     */
    readonly verifyClient: (info: { req: IncomingMessage }, callback: VerifyCallback) => void;
  };

/** The callback `ws` hands to an asynchronous `verifyClient`. */
export type VerifyCallback = (accept: boolean, code?: number, message?: string, headers?: OutgoingHttpHeaders) => void;

/** Close codes this handler uses (RFC 6455 §7.4). */
export const WS_CLOSE = Object.freeze({
  /** `?limit=` reached. */
  normal: 1000,
  /** A bad `?format=` or `?types=`; the reason says which. */
  policy: 1008,
  /** `maxClients` reached, or this client fell `maxBufferedBytes` behind: come back later. */
  tryAgainLater: 1013,
  /** The log read ended (the server is closing): resume elsewhere. */
  goingAway: 1001,
});

/**
 * Serves the log over WebSocket: the same query as SSE (`?format=`, `?types=`, `?limit=`),
 * resume with `?after=<position>`. Each entry is one message:
 * - text codecs (JSON): a text message `{"position":"…","envelope":<the codec's JSON>}`;
 * - binary codecs: a binary message, one byte N, then N bytes of the position (UTF-8), then
 *   the codec's bytes (no base64).
 * Notices are text messages: `{"gap":{"after":"…","resumedAt":"…"}}`,
 * `{"dropped":{"counts":{…}}}`, `{"closed":{"reason":"overflow"|"log-ended","resumeAfter":"…"}}`,
 * `{"error":{…}}` for an entry the codec could not encode. A ping goes out every `heartbeatMs`;
 * a client that has not answered the previous one is terminated.
 *
 * @example
 * ```ts
 * const ws = createWebSocketHandler({ log, codecs: { json, avro } });
 * const wss = new WebSocketServer({ server, path: "/ws", verifyClient: ws.verifyClient });
 * wss.on("connection", ws);
 * ```
 */
export function createWebSocketHandler(init: SseHandlerInit): WebSocketHandler {
  const core = createHandlerCore(init);
  const alive = new Map<WebSocket, boolean>();
  core.onTick(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  });
  const handler = (socket: WebSocket, request: IncomingMessage): void => {
    serve(core, socket, request, alive);
  };
  const verifyClient = (info: { req: IncomingMessage }, callback: VerifyCallback): void => {
    const refusal = core.refusal();
    if (refusal !== undefined) {
      callback(false, 503, refusal.message, { "retry-after": refusal.retryAfter });
      return;
    }
    const query = parseQuery(new URL(info.req.url ?? "/", "http://localhost"), undefined, ["after"], core.options);
    if (typeof query === "string") callback(false, 400, query);
    else callback(true);
  };
  return Object.defineProperties(handler, {
    clientCount: { get: () => core.clientCount },
    close: { value: core.close },
    verifyClient: { value: verifyClient },
  }) as WebSocketHandler;
}

function serve(core: HandlerCore, socket: WebSocket, request: IncomingMessage, alive: Map<WebSocket, boolean>): void {
  const { options } = core;
  if (core.refusal() !== undefined) {
    socket.close(WS_CLOSE.tryAgainLater, `at most ${options.maxClients} clients`);
    return;
  }
  const query = parseQuery(new URL(request.url ?? "/", "http://localhost"), undefined, ["after"], options);
  if (typeof query === "string") {
    // A close reason holds at most 123 bytes.
    socket.close(WS_CLOSE.policy, query.slice(0, 120));
    return;
  }
  alive.set(socket, true);
  socket.on("pong", () => alive.set(socket, true));
  const disconnect = core.connect(query, wsSink(socket, options.heartbeatMs), wsFormat(core, query.format));
  socket.on("close", () => {
    alive.delete(socket);
    disconnect();
  });
  socket.on("error", () => socket.terminate());
}

const CLOSE_CODES: Readonly<Record<CloseReason, number>> = {
  limit: WS_CLOSE.normal,
  overflow: WS_CLOSE.tryAgainLater,
  "log-ended": WS_CLOSE.goingAway,
};

function wsSink(socket: WebSocket, heartbeatMs: number): ClientSink<WsMessage> {
  let taken: (() => void) | undefined;
  const onSent = (): void => taken?.();
  return {
    write(message) {
      if (socket.readyState === socket.OPEN) socket.send(message.data, { binary: message.binary }, onSent);
    },
    buffered: () => socket.bufferedAmount,
    onTaken(listener) {
      taken = listener;
    },
    end(reason) {
      socket.close(CLOSE_CODES[reason]);
      const grace = setTimeout(() => socket.terminate(), Math.min(heartbeatMs, 5_000));
      grace.unref?.();
      socket.once("close", () => clearTimeout(grace));
    },
  };
}

function wsFormat(core: HandlerCore, format: string): ClientFormat<WsMessage> {
  return {
    entry: (entry) => core.frames.ws(entry, format),
    gap: (gap) => wsText(JSON.stringify(gap)),
    dropped: (counts) => wsText(JSON.stringify({ dropped: { counts } })),
    closing: (reason, position) => wsText(JSON.stringify({ closed: { reason, resumeAfter: position ?? null } })),
    heartbeat: () => undefined,
    sizeOf: (message) => message.data.byteLength,
  };
}
