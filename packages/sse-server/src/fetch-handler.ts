import { formatRetry } from "@eventwire/sse-frame";
import type { ClientSink } from "./client.js";
import { createHandlerCore, type HandlerControl, type HandlerCore } from "./core.js";
import type { SseHandlerInit } from "./options.js";
import { parseQuery } from "./query.js";
import { corsHeaders, SSE_HEADERS, sseFormat } from "./sse-handler.js";

/** A handler for servers built on Web APIs (Deno, Bun, Hono, undici's own server…). */
export type SseFetchHandler = ((request: Request) => Promise<Response>) & HandlerControl;

const utf8 = new TextEncoder();

/**
 * The same event stream as {@link createSseHandler}, as a `(Request) => Promise<Response>`:
 * the body is a byte stream whose queue is the client's output bound. The request's
 * `signal` (or the body being cancelled) ends the client.
 *
 * @example
 * ```ts
 * const handler = createSseFetchHandler({ log, codecs: { json } });
 * Deno.serve((request) => handler(request));
 * ```
 */
export function createSseFetchHandler(init: SseHandlerInit): SseFetchHandler {
  const core = createHandlerCore(init);
  const handler = (request: Request): Promise<Response> => Promise.resolve(serve(core, request));
  return Object.defineProperties(handler, {
    clientCount: { get: () => core.clientCount },
    close: { value: core.close },
  }) as SseFetchHandler;
}

function serve(core: HandlerCore, request: Request): Response {
  const { options } = core;
  const cors = corsHeaders(options, request.headers.get("origin"));
  if (request.method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: { ...cors, "access-control-allow-headers": "last-event-id", "access-control-max-age": "600" },
    });
  }
  const refusal = core.refusal();
  if (refusal !== undefined) {
    return new Response(refusal.message, {
      status: 503,
      headers: { ...cors, "retry-after": refusal.retryAfter, "content-type": "text/plain; charset=utf-8" },
    });
  }
  const lastEventId = request.headers.get("last-event-id") ?? undefined;
  const query = parseQuery(new URL(request.url), lastEventId, ["lastEventId"], options);
  if (typeof query === "string") {
    return new Response(query, { status: 400, headers: { ...cors, "content-type": "text/plain; charset=utf-8" } });
  }
  let disconnect: (() => void) | undefined;
  let sink: StreamSink | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(utf8.encode(formatRetry(options.retryMs)));
        sink = streamSink(controller);
        disconnect = core.connect(query, sink, sseFormat(core, query.format));
        request.signal.addEventListener("abort", () => disconnect?.(), { once: true });
      },
      // Called when the reader has taken everything queued.
      pull() {
        sink?.pulled();
      },
      cancel() {
        disconnect?.();
      },
    },
    // No high-water mark: everything queued is "behind", so the queue is the output bound.
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...cors } });
}

type StreamSink = ClientSink<Uint8Array> & { pulled(): void };

function streamSink(controller: ReadableStreamDefaultController<Uint8Array>): StreamSink {
  let open = true;
  let taken: (() => void) | undefined;
  return {
    pulled: () => taken?.(),
    onTaken(listener) {
      taken = listener;
    },
    write(chunk) {
      if (open) controller.enqueue(chunk);
    },
    buffered: () => Math.max(0, -(controller.desiredSize ?? 0)),
    end() {
      if (!open) return;
      open = false;
      controller.close();
    },
  };
}
