import type { SseHandlers } from "./types.js";

/**
 * The event being built from field lines, and the last event id, which outlives each event
 * (WHATWG "dispatch the event"). One instance a parser: a class, so that the hot loop reads
 * and writes fields of one shape.
 */
export class EventBuilder {
  data = "";
  hasData = false;
  type = "";
  id = "";
  lastEventId = "";
  readonly handlers: SseHandlers;

  constructor(handlers: SseHandlers) {
    this.handlers = handlers;
  }

  addData(value: string): void {
    this.data = this.hasData ? `${this.data}\n${value}` : value;
    this.hasData = true;
  }

  setId(value: string): void {
    // WHATWG: an id containing NUL is ignored, so that it cannot truncate a C string later.
    if (value.indexOf("\0") === -1) this.id = value;
  }

  setRetry(value: string): void {
    if (this.handlers.onRetry !== undefined && /^[0-9]+$/.test(value)) this.handlers.onRetry(Number(value));
  }

  /** A blank line: the event is over; with no `data:` line it is not dispatched. */
  dispatch(): void {
    this.lastEventId = this.id;
    if (!this.hasData) {
      this.type = "";
      return;
    }
    const message = { event: this.type === "" ? "message" : this.type, data: this.data, lastEventId: this.lastEventId };
    this.discard();
    this.handlers.onMessage(message);
  }

  /** Forgets the event's fields; at the end of the stream, what no blank line ended is dropped. */
  discard(): void {
    this.data = "";
    this.hasData = false;
    this.type = "";
  }
}
