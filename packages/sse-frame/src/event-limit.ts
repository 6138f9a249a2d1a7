import { EnvelopeError } from "@eventwire/envelope-core";

/**
 * Counts the UTF-8 bytes of the event being read (each line and one byte for its line end) against
 * `maxEventBytes`. The first failure is kept: a parser that refused its input stays refused.
 */
export class EventLimit {
  bytes = 0;
  failure: EnvelopeError | undefined;
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** A line of `lineBytes` bytes, without its line end, joins the event. */
  addLine(lineBytes: number): void {
    this.bytes += lineBytes + 1;
    if (this.bytes > this.max) this.fail(lineBytes > this.max ? "line" : "event");
  }

  fail(what: "line" | "event"): never {
    this.failure = new EnvelopeError("LIMIT_EXCEEDED", `an SSE ${what} of over ${this.max} bytes (maxEventBytes)`);
    throw this.failure;
  }
}
