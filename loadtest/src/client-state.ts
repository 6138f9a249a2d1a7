import type { Envelope } from "@eventwire/envelope-core";
import { msOf, nowMs } from "./clock.js";
import { comparePositions } from "./position.js";
import { LATE_MS } from "./scenario.js";
import type { Samples } from "./stats.js";

/** What one simulated user has seen: counts, order, and where to resume. */
export class ClientState {
  received = 0;
  duplicates = 0;
  outOfOrder = 0;
  late = 0;
  reconnects = 0;
  gaps = 0;
  dropNotices = 0;
  /** When the last new entry arrived (`nowMs()`), to time the end of delivery. */
  lastAt = 0;
  /** The last position delivered, sent back as Last-Event-ID (or `?after=`) on reconnection. */
  lastPosition: string | undefined;
  connected = false;
  failed = false;
  /** A slow client is late by design: its deliveries are not counted as late. */
  readonly wasSlow: boolean;
  /** Why the first connection failed: an error code (`ECONNRESET`, `EMFILE`) or an HTTP status. */
  failure: string | undefined;

  /**
   * @param slow stops reading until released (stress); its latency is not the others'.
   * @param decodes decodes every envelope and measures its latency (see `decodesFor`).
   * @param samples where the latency of this client goes (undefined: not measured).
   */
  constructor(
    readonly index: number,
    public slow: boolean,
    readonly decodes: boolean,
    private readonly samples: Samples | undefined,
  ) {
    this.wasSlow = slow;
  }

  /**
   * Counts one entry by its log position, which only grows: the same position again is a
   * duplicate, an older one is out of order. `envelope` is given when this client decodes.
   */
  onEntry(position: string, envelope: Envelope | undefined): void {
    const order = this.lastPosition === undefined ? 1 : comparePositions(position, this.lastPosition);
    if (order === 0) this.duplicates++;
    else if (order < 0) this.outOfOrder++;
    else {
      this.received++;
      this.lastPosition = position;
      this.lastAt = nowMs();
      if (envelope === undefined || this.samples === undefined) return;
      const latency = this.lastAt - msOf(envelope.timestamp);
      if (latency > LATE_MS && !this.wasSlow) this.late++;
      this.samples.add(latency);
    }
  }

  /** Notes a failed connection attempt; a client that was connected once is resuming, not failing. */
  onFailure(reason: unknown): void {
    if (this.connected) return;
    this.failed = true;
    const code = (reason as { code?: unknown } | undefined)?.code;
    this.failure ??= typeof code === "string" ? code : String(reason);
  }

  onNotice(event: string): void {
    if (event === "eventwire.gap") this.gaps++;
    else if (event === "eventwire.dropped") this.dropNotices++;
  }
}
