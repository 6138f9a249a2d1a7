/** One event, as a browser's `EventSource` would dispatch it. */
export interface SseMessage {
  /** The event name: `"message"` when the frame had no `event:` line. */
  event: string;
  /** The `data:` lines joined with LF. */
  data: string;
  /** The last event id seen on the stream so far (ids carry over from event to event). */
  lastEventId: string;
}

/** What the parser reports. */
export interface SseHandlers {
  onMessage(message: SseMessage): void;
  /** A `retry:` field whose value is all ASCII digits. */
  onRetry?(milliseconds: number): void;
  /** A comment line (`: keep-alive`), without the colon and one space after it. */
  onComment?(text: string): void;
}

/** Options of the parser. */
export interface SseParserOptions {
  /**
   * The largest line or event, in UTF-8 bytes of the input; past it `feed` throws
   * `LIMIT_EXCEEDED` instead of buffering without bound. Default 2 MiB.
   */
  maxEventBytes: number;
}

/** A streaming parser: feed it chunks as they arrive, then `end()`. */
export interface SseParser {
  /** Parses a chunk of bytes (UTF-8) or text; calls the handlers for what completes in it. */
  feed(chunk: Uint8Array | string): void;
  /** The stream is over: an event not ended by a blank line is dropped, as a browser drops it. */
  end(): void;
}
