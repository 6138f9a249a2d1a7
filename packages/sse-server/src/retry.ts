/** The wait before retry number `attempt` (0-based): doubling from 50 ms, at most `capMs`. */
export function computeBackoffMs(attempt: number, capMs = 2_000): number {
  return Math.min(50 * 2 ** Math.min(attempt, 16), capMs);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `operation` until it succeeds, waiting with backoff after each failure that
 * `isTransient` accepts (the broker is restarting, the connection was lost); any other
 * failure is thrown. Returns `undefined` once `signal` aborts instead.
 */
export async function retryUntilAborted<T>(
  operation: () => Promise<T>,
  signal: AbortSignal,
  isTransient: (error: unknown) => boolean = () => true,
): Promise<T | undefined> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error)) throw error;
      await sleepUnlessAborted(computeBackoffMs(attempt), signal);
    }
  }
  return undefined;
}
