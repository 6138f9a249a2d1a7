import type { Codec } from "@eventwire/envelope-core";
import { WebSocket } from "ws";
import type { ClientState } from "./client-state.js";

/** What a WebSocket client needs: the `ws://` origin and path (query included), the codec. */
export interface WsTarget {
  readonly origin: string;
  readonly path: string;
  readonly codec: Codec;
  readonly holdSlow: Set<{ resume(): unknown }>;
  readonly isStopping: () => boolean;
}

const utf8 = new TextDecoder();
const ENVELOPE_KEY = ',"envelope":';

/**
 * One WebSocket client of `createWebSocketHandler`: text messages carry
 * `{"position","envelope"}` or a notice; binary ones a length-prefixed position, then the
 * codec's bytes. Resumes with `?after=` when the server closes it.
 */
export function connectWebSocket(state: ClientState, target: WsTarget): void {
  const after = state.lastPosition === undefined ? "" : `&after=${encodeURIComponent(state.lastPosition)}`;
  const socket = new WebSocket(`${target.origin}${target.path}${after}`, { perMessageDeflate: false });
  socket.binaryType = "nodebuffer";
  socket.on("open", () => {
    state.connected = true;
    if (state.slow) {
      // Stop reading: the server's bufferedAmount grows until its bound acts. Only ws's own
      // pause() holds: ws resumes a socket paused behind its back as soon as its parser drains.
      socket.pause();
      target.holdSlow.add(socket);
    }
  });
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      const length = data[0] ?? 0;
      const position = utf8.decode(data.subarray(1, 1 + length));
      state.onEntry(position, state.decodes ? target.codec.decode(data.subarray(1 + length)) : undefined);
      return;
    }
    const text = data.toString("utf8");
    const at = text.indexOf(ENVELOPE_KEY);
    if (text.startsWith('{"position":') && at > 0 && target.codec.decodeText !== undefined) {
      // The envelope is the codec's own text: decode it as sent, with no JSON round trip.
      const position = JSON.parse(text.slice(12, at)) as string;
      const envelope = text.slice(at + ENVELOPE_KEY.length, -1);
      state.onEntry(position, state.decodes ? target.codec.decodeText(envelope) : undefined);
      return;
    }
    const notice = JSON.parse(text) as Record<string, unknown>;
    if ("gap" in notice) state.onNotice("eventwire.gap");
    else if ("dropped" in notice) state.onNotice("eventwire.dropped");
  });
  socket.on("error", (error) => state.onFailure(error));
  socket.on("close", () => {
    if (target.isStopping() || !state.connected) return;
    state.reconnects++;
    state.slow = false;
    setTimeout(() => connectWebSocket(state, target), 50);
  });
}
