import { request } from "node:http";
import { type ClientHttp2Session, connect as http2Connect } from "node:http2";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { createSseParser, decodeBase64, type SseMessage } from "@eventwire/sse-frame";
import type { ClientState } from "./client-state.js";

/** A readable body the client can pause (a slow reader) and resume. */
interface Body {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  once(event: "close" | "end" | "error", listener: (...args: unknown[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(): unknown;
}

/** What an SSE connection of one client needs besides the transport. */
export interface SseTarget {
  readonly origin: string;
  readonly path: string;
  readonly codec: Codec;
  /** Pauses every paused (slow) body until released: lets the server's output bound act. */
  readonly holdSlow: Set<Body>;
  readonly isStopping: () => boolean;
}

/** Feeds one SSE response into the client's state: envelopes counted, notices noted, positions kept. */
function consume(body: Body, state: ClientState, target: SseTarget, reconnect: () => void): void {
  const parser = createSseParser({
    onMessage(message: SseMessage) {
      if (message.event.startsWith("eventwire.")) return state.onNotice(message.event);
      state.onEntry(message.lastEventId, state.decodes ? decodeMessage(message, target.codec) : undefined);
    },
  });
  state.connected = true;
  if (state.slow) {
    body.pause();
    target.holdSlow.add(body);
  }
  body.on("data", (chunk) => parser.feed(chunk));
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    target.holdSlow.delete(body);
    if (target.isStopping()) return;
    // Cut by the server (the output bound) or lost: resume from the last position, reading from now on.
    state.reconnects++;
    state.slow = false;
    setTimeout(reconnect, 50);
  };
  body.once("end", end);
  body.once("close", end);
  body.once("error", end);
}

function decodeMessage(message: SseMessage, codec: Codec): Envelope {
  if (codec.binary) return codec.decode(decodeBase64(message.data));
  return codec.decodeText?.(message.data) ?? codec.decode(new TextEncoder().encode(message.data));
}

function headersOf(state: ClientState): Record<string, string> {
  return state.lastPosition === undefined
    ? { accept: "text/event-stream" }
    : { accept: "text/event-stream", "last-event-id": state.lastPosition };
}

/** One SSE client on its own HTTP/1.1 connection: the seed's "one connection per user". */
export function connectHttp1(state: ClientState, target: SseTarget): void {
  const req = request(`${target.origin}${target.path}`, { agent: false, headers: headersOf(state) }, (res) => {
    if (res.statusCode !== 200) {
      state.onFailure(`HTTP ${res.statusCode}`);
      res.resume();
      return;
    }
    consume(res, state, target, () => connectHttp1(state, target));
  });
  req.on("error", (error) => state.onFailure(error));
  req.end();
}

/** One SSE client as a stream of a shared HTTP/2 session: the seed's multiplexing. */
export function connectHttp2(state: ClientState, target: SseTarget, session: () => ClientHttp2Session): void {
  const stream = session().request({ ":path": target.path, ...headersOf(state) });
  stream.on("response", (headers) => {
    if (headers[":status"] !== 200) {
      state.onFailure(`HTTP ${headers[":status"]}`);
      stream.close();
      return;
    }
    consume(stream, state, target, () => connectHttp2(state, target, session));
  });
  stream.on("error", (error) => state.onFailure(error));
}

/** HTTP/2 sessions shared by up to `streamsPerSession` clients each. */
export function sessionPool(origin: string, streamsPerSession: number): (index: number) => () => ClientHttp2Session {
  const sessions: ClientHttp2Session[] = [];
  return (index) => () => {
    const slot = Math.floor(index / streamsPerSession);
    let session = sessions[slot];
    if (session === undefined || session.closed || session.destroyed) {
      // A browser's windows (Chromium: 6 MiB per stream, 15 MiB per connection). Node's default
      // connection window, 64 KiB shared by 100 streams, would throttle the server, not measure it.
      session = http2Connect(origin, { settings: { initialWindowSize: 6 * 2 ** 20 } });
      session.on("connect", (s: ClientHttp2Session) => s.setLocalWindowSize(15 * 2 ** 20));
      session.on("error", () => {});
      sessions[slot] = session;
    }
    return session;
  };
}
