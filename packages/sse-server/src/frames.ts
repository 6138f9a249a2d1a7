import { type Codec, isEnvelopeError, isTextCodec } from "@eventwire/envelope-core";
import { encodeBase64, formatComment, formatFrame } from "@eventwire/sse-frame";
import type { LogEntry, LogGap } from "./event-log.js";

/**
 * A WebSocket message as bytes, sent as a binary frame (binary codecs) or a text frame (UTF-8:
 * text codecs and notices). Text is kept as bytes so that it is encoded once: `ws` would encode
 * a string again on every send, that is once per client (about 1 µs of ~12 per send for these
 * envelopes, measured by the load test's A/B).
 */
export interface WsMessage {
  readonly data: Uint8Array;
  readonly binary: boolean;
}

/** A text WebSocket message: UTF-8 in a text frame. */
export function wsText(text: string): WsMessage {
  return { data: utf8.encode(text), binary: false };
}

/** The frames of one entry in every format asked for so far, made once and shared by all clients. */
interface CachedFrames {
  bytes: number;
  sse: Map<string, Uint8Array>;
  ws: Map<string, WsMessage>;
}

/** The frames of entries by position, in every format, bounded in bytes (the newest kept). */
export interface FrameCache {
  /** The SSE frame as UTF-8 bytes: encoded once, so no client pays for the text-to-bytes step. */
  sse(entry: LogEntry, format: string): Uint8Array;
  ws(entry: LogEntry, format: string): WsMessage;
}

const utf8 = new TextEncoder();

/**
 * Encodes and frames each entry once per format and transport, whatever the number of
 * clients: the fan-out's only per-entry cost. A Map keeps insertion order, so the oldest
 * position is the first key; positions are evicted from there while the frames held exceed
 * `maxBytes` (never the one in use, so one huge entry is still framed once).
 */
export function createFrameCache(codecs: Readonly<Record<string, Codec>>, maxBytes: number): FrameCache {
  const cache = new Map<string, CachedFrames>();
  let total = 0;
  const framesOf = (position: string): CachedFrames => {
    let frames = cache.get(position);
    if (frames === undefined) {
      frames = { bytes: 0, sse: new Map(), ws: new Map() };
      cache.set(position, frames);
    }
    return frames;
  };
  const hold = (frames: CachedFrames, bytes: number): void => {
    frames.bytes += bytes;
    total += bytes;
    for (const [position, old] of cache) {
      if (total <= maxBytes || old === frames) break;
      cache.delete(position);
      total -= old.bytes;
    }
  };
  return {
    sse(entry, format) {
      const frames = framesOf(entry.position);
      let frame = frames.sse.get(format);
      if (frame === undefined) {
        frame = utf8.encode(frameSse(entry, codecs[format] as Codec));
        frames.sse.set(format, frame);
        hold(frames, frame.byteLength);
      }
      return frame;
    },
    ws(entry, format) {
      const frames = framesOf(entry.position);
      let message = frames.ws.get(format);
      if (message === undefined) {
        message = frameWs(entry, codecs[format] as Codec);
        frames.ws.set(format, message);
        hold(frames, message.data.byteLength);
      }
      return message;
    },
  };
}

function frameSse(entry: LogEntry, codec: Codec): string {
  try {
    const data = isTextCodec(codec) ? codec.encodeText(entry.envelope) : encodeBase64(codec.encode(entry.envelope));
    return formatFrame({ id: entry.position, event: entry.envelope.event_type, data });
  } catch (error) {
    // The id still advances: a client that resumes does not meet this entry again.
    return formatFrame({ id: entry.position, event: "eventwire.error", data: JSON.stringify(errorOf(entry, error)) });
  }
}

function frameWs(entry: LogEntry, codec: Codec): WsMessage {
  try {
    if (isTextCodec(codec)) {
      return wsText(`{"position":${JSON.stringify(entry.position)},"envelope":${codec.encodeText(entry.envelope)}}`);
    }
    const position = utf8.encode(entry.position);
    if (position.length > 255) throw new RangeError("a position longer than 255 bytes has no binary WebSocket form");
    const body = codec.encode(entry.envelope);
    const message = new Uint8Array(1 + position.length + body.length);
    message[0] = position.length;
    message.set(position, 1);
    message.set(body, 1 + position.length);
    return { data: message, binary: true };
  } catch (error) {
    return wsText(JSON.stringify({ error: errorOf(entry, error) }));
  }
}

function errorOf(entry: LogEntry, error: unknown): Record<string, unknown> {
  return {
    position: entry.position,
    event_type: entry.envelope.event_type,
    code: isEnvelopeError(error) ? error.code : "INVALID_ENVELOPE",
    message: error instanceof Error ? error.message : String(error),
  };
}

/** `event: eventwire.gap`: entries after `after` up to `resumedAt` were trimmed away. */
export function formatGapFrame(gap: LogGap): string {
  return formatFrame({ event: "eventwire.gap", data: JSON.stringify(gap.gap) });
}

/** `event: eventwire.dropped`: entries this client lost to degradation, counted by type. */
export function formatDroppedFrame(counts: Readonly<Record<string, number>>): string {
  return formatFrame({ event: "eventwire.dropped", data: JSON.stringify({ counts }) });
}

/**
 * The last words to a client the server closes: a comment (the last id already says where to
 * resume; this is for people and logs), `eventwire.overflow` when it fell too far behind,
 * `eventwire.closing` when the log read ended (the server is shutting down or lost its log).
 */
export function formatClosingComment(reason: "overflow" | "log-ended", position: string | undefined): string {
  const why = reason === "overflow" ? "eventwire.overflow: too far behind" : "eventwire.closing: the log read ended";
  return formatComment(`${why}, resume after ${position ?? "(nothing yet)"}`);
}
