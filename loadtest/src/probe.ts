import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * What one process did over a window: the evidence that says whether a slow figure comes from
 * this process being busy (CPU, event-loop delay) or from waiting for a core that others hold
 * (run-queue wait, from Linux's `/proc/self/schedstat`).
 */
export interface ProbeReading {
  readonly wallMs: number;
  /** User + system CPU of the whole process (all threads). */
  readonly cpuMs: number;
  /** The kernel's part of `cpuMs`: on loopback, a socket write also runs the receiver's TCP path. */
  readonly systemMs: number;
  /** Time the main thread was runnable but waited for a core: the machine's load, not ours. */
  readonly runQueueWaitMs: number | undefined;
  readonly eventLoopP50Ms: number;
  readonly eventLoopP99Ms: number;
  readonly eventLoopMaxMs: number;
  readonly rssBytes: number;
}

/** Reads `/proc/self/schedstat` (ns on CPU, ns waiting on a run queue); undefined off Linux. */
function readSchedWaitNs(): number | undefined {
  try {
    const fields = readFileSync("/proc/self/schedstat", "utf8").trim().split(/\s+/);
    const wait = Number(fields[1]);
    return Number.isFinite(wait) ? wait : undefined;
  } catch {
    return undefined;
  }
}

/** A window over this process: `read()` reports since the last `reset()` (or the start). */
export class Probe {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private wall = performance.now();
  private cpu = process.cpuUsage();
  private wait = readSchedWaitNs();

  constructor() {
    this.delay.enable();
  }

  reset(): void {
    this.delay.reset();
    this.wall = performance.now();
    this.cpu = process.cpuUsage();
    this.wait = readSchedWaitNs();
  }

  read(): ProbeReading {
    const used = process.cpuUsage(this.cpu);
    const wait = readSchedWaitNs();
    const ms = (ns: number) => ns / 1e6;
    return {
      wallMs: performance.now() - this.wall,
      cpuMs: (used.user + used.system) / 1000,
      systemMs: used.system / 1000,
      runQueueWaitMs: wait === undefined || this.wait === undefined ? undefined : ms(wait - this.wait),
      // The histogram is empty until the first sample; report 0 then rather than NaN.
      eventLoopP50Ms: this.delay.count === 0 ? 0 : ms(this.delay.percentile(50)),
      eventLoopP99Ms: this.delay.count === 0 ? 0 : ms(this.delay.percentile(99)),
      eventLoopMaxMs: this.delay.count === 0 ? 0 : ms(this.delay.max),
      rssBytes: process.memoryUsage().rss,
    };
  }
}
