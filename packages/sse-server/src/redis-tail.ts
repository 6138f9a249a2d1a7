import type { Cluster, Redis } from "ioredis";
import { readTailId } from "./redis-batch.js";
import { compareStreamIds } from "./redis-stream-id.js";
import { computeBackoffMs, sleepUnlessAborted } from "./retry.js";

interface Waiter {
  readonly after: string;
  readonly wake: () => void;
}

/** Wakes readers that caught up once the stream holds something after their position. */
export interface RedisTail {
  /** Resolves once the stream has an entry after `after` (or a spurious wake-up), or `signal` aborts. */
  waitAfter(after: string, signal: AbortSignal): Promise<void>;
  /** Stops following; every waiter wakes. */
  close(): void;
}

/**
 * Follows the end of one stream with `XREAD BLOCK` on a dedicated connection (`blocking`), so
 * that any number of caught-up readers of one log cost one blocked connection, not one each.
 * Readers then fetch their entries themselves (see `readRange`): a wake-up carries no data.
 */
export function createRedisTail(
  commands: Redis | Cluster,
  blocking: Redis | Cluster,
  key: string,
  blockMs: number,
): RedisTail {
  const waiters = new Set<Waiter>();
  const stopped = new AbortController();
  let tailId: string | undefined;
  let running = false;

  const wakeBefore = (id: string) => {
    for (const waiter of waiters) {
      if (compareStreamIds(waiter.after, id) < 0) {
        waiters.delete(waiter);
        waiter.wake();
      }
    }
  };

  const follow = async () => {
    running = true;
    for (let failures = 0; waiters.size > 0 && !stopped.signal.aborted; ) {
      try {
        tailId ??= await readTailId(commands, key);
        wakeBefore(tailId);
        if (waiters.size === 0) break;
        // COUNT 1: the reply is only a signal (readers fetch their own entries), so it carries
        // one entry, whatever the rate of the stream.
        const reply = await blocking.xreadBuffer("COUNT", 1, "BLOCK", blockMs, "STREAMS", key, tailId);
        const newest = reply?.[0]?.[1][0]?.[0];
        if (newest !== undefined) tailId = newest.toString("latin1");
        failures = 0;
      } catch {
        await sleepUnlessAborted(computeBackoffMs(failures++), stopped.signal);
      }
    }
    running = false;
  };

  return {
    waitAfter(after, signal) {
      if (signal.aborted || stopped.signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const waiter: Waiter = {
          after,
          wake: () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          waiters.delete(waiter);
          waiter.wake();
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiters.add(waiter);
        if (tailId !== undefined) wakeBefore(tailId);
        if (!running && waiters.size > 0) void follow();
      });
    },
    close() {
      stopped.abort();
      for (const waiter of waiters) waiter.wake();
      waiters.clear();
    },
  };
}
