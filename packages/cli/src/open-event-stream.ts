import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import type { Readable } from "node:stream";
import tls from "node:tls";

/** Options of {@link openEventStream}. */
export interface OpenOptions {
  /** Request headers besides `Accept` (e.g. `Last-Event-ID`). */
  headers: Readonly<Record<string, string>>;
  /** Accept a certificate that does not verify (self-signed). Default false. */
  insecure: boolean;
  /** Closes the connection when aborted. */
  signal: AbortSignal;
}

/** An open SSE response: its status, the HTTP version used, and the body as bytes. */
export interface EventStreamResponse {
  readonly status: number;
  readonly httpVersion: "1.1" | "2";
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: AsyncIterable<Uint8Array>;
  /** Ends the request and its connection. */
  close(): void;
}

/**
 * GETs `url` with `Accept: text/event-stream`. Over TLS, HTTP/2 or HTTP/1.1 is chosen by ALPN,
 * as a browser chooses; plain `http:` is HTTP/1.1.
 */
export async function openEventStream(url: URL, options: OpenOptions): Promise<EventStreamResponse> {
  const headers = { accept: "text/event-stream", "cache-control": "no-cache", ...options.headers };
  if (url.protocol === "http:") return requestHttp1(url, headers, options, undefined);
  if (url.protocol !== "https:") throw new TypeError(`tail reads http: and https: URLs, not ${url.protocol}`);
  const socket = await connectTls(url, options);
  if (socket.alpnProtocol === "h2") return requestHttp2(url, headers, socket, options);
  return requestHttp1(url, headers, options, socket);
}

function connectTls(url: URL, options: OpenOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
      ALPNProtocols: ["h2", "http/1.1"],
      rejectUnauthorized: !options.insecure,
    });
    socket.once("secureConnect", () => resolve(socket));
    socket.once("error", reject);
    options.signal.addEventListener("abort", () => socket.destroy(), { once: true });
  });
}

function requestHttp2(
  url: URL,
  headers: Record<string, string>,
  socket: tls.TLSSocket,
  options: OpenOptions,
): Promise<EventStreamResponse> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url.origin, { createConnection: () => socket });
    session.on("error", (error) => {
      session.destroy();
      reject(error);
    });
    const stream = session.request({ ":method": "GET", ":path": `${url.pathname}${url.search}`, ...headers });
    const close = () => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      session.destroy();
    };
    options.signal.addEventListener("abort", close, { once: true });
    stream.on("error", reject);
    stream.once("response", (responseHeaders) => {
      // A drop after the response has started ends the body; the caller reconnects.
      stream.removeListener("error", reject);
      stream.on("error", () => stream.destroy());
      session.on("close", () => stream.destroy());
      resolve({
        status: Number(responseHeaders[":status"]),
        httpVersion: "2",
        headers: responseHeaders,
        body: bodyOf(stream),
        close,
      });
    });
  });
}

function requestHttp1(
  url: URL,
  headers: Record<string, string>,
  options: OpenOptions,
  socket: tls.TLSSocket | undefined,
): Promise<EventStreamResponse> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    // With no agent, the request uses the socket that ALPN chose HTTP/1.1 on (an agent would open its own).
    const request = transport.request(url, {
      headers,
      ...(socket === undefined ? { agent: false } : { createConnection: () => socket }),
    });
    const close = () => {
      request.destroy();
      socket?.destroy();
    };
    options.signal.addEventListener("abort", close, { once: true });
    request.on("error", (error) => {
      close();
      reject(error);
    });
    request.on("response", (response) => {
      request.on("error", () => response.destroy());
      resolve({
        status: response.statusCode ?? 0,
        httpVersion: "1.1",
        headers: response.headers,
        body: bodyOf(response),
        close,
      });
    });
    request.end();
  });
}

/** The body's chunks; a connection that breaks mid-body just ends it (the caller reconnects). */
async function* bodyOf(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch {
    return;
  }
}
