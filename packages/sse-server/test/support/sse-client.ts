import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSseParser, type SseMessage } from "@eventwire/sse-frame";
import { fetch } from "undici";

/** An HTTP/1.1 server on a free loopback port; `close` also drops open streams. */
export async function listen(
  handler: RequestListener,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one SSE response carried, as a browser's EventSource would see it. */
export interface SseRead {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  comments: string[];
  retry: number | undefined;
  /** The body of a response that is not an event stream. */
  text: string;
}

/** Options of {@link readSse}. */
export interface ReadSseOptions {
  headers?: Record<string, string>;
  /** Stop after this many messages (named events included). */
  count?: number;
  /** Stop after this many comments (heartbeats). */
  comments?: number;
  /** Called for each message; returns true to stop. */
  until?(message: SseMessage): boolean;
  /** A bound so that a broken server fails the test instead of hanging it. Default 20 s. */
  timeoutMs?: number;
}

/** Reads an SSE response with undici's fetch and the SDK's parser until a stop condition or its end. */
export async function readSse(url: string, options: ReadSseOptions = {}): Promise<SseRead> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no stop condition met at ${url}`)),
    options.timeoutMs ?? 20_000,
  );
  const result: SseRead = { status: 0, headers: new Headers(), messages: [], comments: [], retry: undefined, text: "" };
  let stop = false;
  const parser = createSseParser({
    onMessage(message) {
      // A chunk may hold more than asked for: the client "was cut" right after the count.
      if (stop) return;
      result.messages.push(message);
      if (result.messages.length === options.count || options.until?.(message) === true) stop = true;
    },
    onComment(text) {
      if (stop) return;
      result.comments.push(text);
      if (result.comments.length === options.comments) stop = true;
    },
    onRetry(ms) {
      result.retry = ms;
    },
  });
  try {
    const response = await fetch(url, { headers: options.headers ?? {}, signal: controller.signal });
    result.status = response.status;
    result.headers = response.headers as unknown as Headers;
    if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      result.text = await response.text();
      return result;
    }
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      parser.feed(chunk);
      if (stop) break;
    }
    return result;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
