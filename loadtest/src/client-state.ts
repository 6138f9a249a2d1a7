import type { Envelope } from "@eventwire/envelope-core";
import { msOf, nowMs } from "./clock.js";
import { sequenceOf } from "./scenario.js";
import type { Samples } from "./stats.js";

/** What one simulated user has seen: counts, order, and where to resume. */
export class ClientState {
  received = 0;
  duplicates = 0;
  outOfOrder = 0;
  reconnects = 0;
  gaps = 0;
  dropNotices = 0;
  lastSequence = -1;
  /** The last position delivered, sent back as Last-Event-ID (or `?after=`) on reconnection. */
  lastPosition: string | undefined;
  connected = false;
  failed = false;
  closed = false;

  constructor(
    readonly index: number,
    public slow: boolean,
    private readonly samples: Samples,
  ) {}

  /** Counts one envelope; the producer's sequence numbers only grow, so anything else is a duplicate. */
  onEnvelope(envelope: Envelope, position: string | undefined): void {
    const sequence = sequenceOf(envelope.event_id);
    if (sequence === this.lastSequence) this.duplicates++;
    else if (sequence < this.lastSequence) this.outOfOrder++;
    else {
      this.received++;
      this.lastSequence = sequence;
      this.samples.add(nowMs() - msOf(envelope.timestamp));
    }
    if (position !== undefined) this.lastPosition = position;
  }

  onNotice(event: string): void {
    if (event === "eventwire.gap") this.gaps++;
    else if (event === "eventwire.dropped") this.dropNotices++;
  }
}
