import type { IncomingMessage, ServerResponse } from "node:http";
import { type Http2ServerRequest, type Http2ServerResponse, constants as http2Constants } from "node:http2";
import { formatComment, formatRetry } from "@eventwire/sse-frame";
import type { ClientFormat, ClientSink } from "./client.js";
import { createHandlerCore, type HandlerControl, type HandlerCore } from "./core.js";
import { formatClosingComment, formatDroppedFrame, formatGapFrame } from "./frames.js";
import type { SseHandlerInit, SseHandlerOptions } from "./options.js";
import { parseQuery } from "./query.js";

/** A request handler for `node:http`, `node:https` and `node:http2` (also its HTTP/1.1 fallback). */
export type SseHandler = ((
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => void) &
  HandlerControl;

const utf8 = new TextEncoder();

/** The response headers of an event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  // nginx and other proxies would otherwise hold frames back to fill a buffer.
  "x-accel-buffering": "no",
});

/**
 * Serves the log as Server-Sent Events: `?format=`, `?types=`, `?limit=`, resume from
 * `Last-Event-ID` or `?lastEventId=`; `id:` is the log position. One log read and one
 * encoding per entry and format serve every client of the handler. Mount it on the path you
 * like; it answers every request it is given.
 *
 * @example
 * ```ts
 * const handler = createSseHandler({ log: createMemoryLog({ capacity: 10_000 }), codecs: { json } });
 * http.createServer(handler).listen(8080);
 * ```
 */
export function createSseHandler(init: SseHandlerInit): SseHandler {
  const core = createHandlerCore(init);
  const handler = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void => {
    serve(core, req, res);
  };
  return Object.defineProperties(handler, {
    clientCount: { get: () => core.clientCount },
    close: { value: core.close },
  }) as SseHandler;
}

function serve(
  core: HandlerCore,
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) {
  const { options } = core;
  const response = res as ServerResponse;
  const cors = corsHeaders(options, header(req, "origin"));
  if (req.method === "OPTIONS") {
    response.writeHead(204, {
      ...cors,
      "access-control-allow-headers": "last-event-id",
      "access-control-max-age": "600",
    });
    response.end();
    return;
  }
  const refusal = core.refusal();
  if (refusal !== undefined) {
    const headers = { ...cors, "retry-after": refusal.retryAfter, "content-type": "text/plain; charset=utf-8" };
    response.writeHead(503, headers);
    response.end(refusal.message);
    return;
  }
  const query = parseQuery(
    new URL(req.url ?? "/", "http://localhost"),
    header(req, "last-event-id"),
    ["lastEventId"],
    options,
  );
  if (typeof query === "string") {
    response.writeHead(400, { ...cors, "content-type": "text/plain; charset=utf-8" }).end(query);
    return;
  }
  response.writeHead(200, { ...SSE_HEADERS, ...cors });
  response.write(formatRetry(options.retryMs));
  const disconnect = core.connect(query, nodeSink(res, options), sseFormat(core, query.format));
  res.on("close", disconnect);
}

/** Counts bytes from `write` until the connection takes them: the same measure for HTTP/1.1 and HTTP/2. */
function nodeSink(res: ServerResponse | Http2ServerResponse, options: SseHandlerOptions): ClientSink<Uint8Array> {
  const response = res as ServerResponse;
  let pending = 0;
  let taken: (() => void) | undefined;
  return {
    write(chunk) {
      if (response.destroyed || response.writableEnded) return;
      pending += chunk.byteLength;
      response.write(chunk, () => {
        pending -= chunk.byteLength;
        taken?.();
      });
    },
    buffered: () => pending,
    onTaken(listener) {
      taken = listener;
    },
    end() {
      response.end();
      // A client that takes nothing would hold its buffers forever: cut it after a grace.
      const grace = setTimeout(() => cut(res), Math.min(options.heartbeatMs, 5_000));
      grace.unref?.();
      res.once("close", () => clearTimeout(grace));
    },
  };
}

function cut(res: ServerResponse | Http2ServerResponse): void {
  if ("stream" in res) res.stream.close(http2Constants.NGHTTP2_CANCEL);
  else res.destroy();
}

/** The SSE forms of every message; entries come framed from the shared cache. */
export function sseFormat(core: HandlerCore, format: string): ClientFormat<Uint8Array> {
  return {
    entry: (entry) => core.frames.sse(entry, format),
    gap: (gap) => utf8.encode(formatGapFrame(gap)),
    dropped: (counts) => utf8.encode(formatDroppedFrame(counts)),
    closing: (reason, position) => utf8.encode(formatClosingComment(reason, position)),
    heartbeat: () => HEARTBEAT,
    sizeOf: (chunk) => chunk.byteLength,
  };
}

const HEARTBEAT = utf8.encode(formatComment("keep-alive"));

/** CORS response headers for this origin, if the options allow it. */
export function corsHeaders(options: SseHandlerOptions, origin: string | undefined | null): Record<string, string> {
  const cors = options.cors;
  if (cors === undefined) return {};
  if (cors.origin === "*") return { "access-control-allow-origin": "*" };
  if (origin === undefined || origin === null || !cors.origin.includes(origin)) return { vary: "origin" };
  return {
    "access-control-allow-origin": origin,
    vary: "origin",
    ...(cors.credentials === true ? { "access-control-allow-credentials": "true" } : {}),
  };
}

function header(req: IncomingMessage | Http2ServerRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}
