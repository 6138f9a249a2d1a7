import { Bench } from "tinybench";

/** One thing to time. `run` does `ops` operations per call, so the timer's cost is spread thin. */
export interface Case {
  /** e.g. `encode/user_login/avro` or `encode/user_login/avsc (raw)`. */
  readonly name: string;
  readonly group: string;
  readonly type?: string;
  readonly codec?: string;
  /** What this case is compared against, by name: the ratio column. */
  readonly baseline?: string;
  readonly ops: number;
  readonly run: () => unknown;
}

export interface Measured {
  readonly name: string;
  readonly group: string;
  readonly type: string | undefined;
  readonly codec: string | undefined;
  readonly baseline: string | undefined;
  /** Median over the rounds of operations per second. */
  readonly opsPerSecond: number;
  /** Nanoseconds per operation, from that median. */
  readonly nsPerOp: number;
  /** The largest relative margin of error of a round, in percent. */
  readonly rme: number;
  /** (max - min) / median of the rounds' ops/s, in percent. */
  readonly spread: number;
  /** Operations per second of each round, in round order (for ratios taken round by round). */
  readonly roundsOpsPerSecond: readonly number[];
  readonly rounds: number;
}

/**
 * Calls `op` on every item of `pool` once per run: `pool.length` operations. Each case gets its
 * own compiled copy of the loop, so that the type feedback of one case's calls does not make
 * another case's loop polymorphic (as separate processes would not).
 */
export function each<T>(pool: readonly T[], op: (item: T) => unknown): () => unknown {
  const loop = new Function(
    "pool",
    "op",
    "return function run() { let last; for (let i = 0; i < pool.length; i++) last = op(pool[i]); return last; };",
  ) as (pool: readonly T[], op: (item: T) => unknown) => () => unknown;
  return loop(pool, op);
}

/**
 * The ratio of two cases: the median over the rounds of each round's ratio. Both ran in the same
 * round, under a minute apart, so a slow phase of a shared machine that lands on one round
 * moves that round's ratio less than it moves either case's median.
 */
export function ratioOf(ours: Measured, peer: Measured): number {
  const n = Math.min(ours.roundsOpsPerSecond.length, peer.roundsOpsPerSecond.length);
  if (n === 0) return ours.opsPerSecond / peer.opsPerSecond;
  const ratios = Array.from(
    { length: n },
    (_, i) => (ours.roundsOpsPerSecond[i] as number) / (peer.roundsOpsPerSecond[i] as number),
  ).sort((a, b) => a - b);
  return ratios[Math.floor(n / 2)] as number;
}

// Results go here so that no call's result can be optimized away.
export let consumed: unknown;

/**
 * Runs every case for `time` ms in each of `rounds` rounds. Within a round the cases run one after
 * another, in an order rotated every round, so that a slow phase of the machine does not land on
 * one case; the result is the median round.
 */
export async function measure(cases: readonly Case[], rounds: number, time: number): Promise<Measured[]> {
  const samples = new Map<string, { hz: number[]; rme: number[] }>(cases.map((c) => [c.name, { hz: [], rme: [] }]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmupTime: Math.min(50, time / 2), iterations: 5 });
    const order = cases.map((_, i) => cases[(i + round * 7) % cases.length] as Case);
    for (const c of order) {
      bench.add(
        c.name,
        () => {
          consumed = c.run();
        },
        { async: false },
      );
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
      const c = cases.find((x) => x.name === task.name) as Case;
      const entry = samples.get(task.name) as { hz: number[]; rme: number[] };
      entry.hz.push((1000 / result.period) * c.ops);
      entry.rme.push(result.latency.rme);
    }
  }
  return cases.map((c) => {
    const { hz, rme } = samples.get(c.name) as { hz: number[]; rme: number[] };
    const sorted = [...hz].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    return {
      name: c.name,
      group: c.group,
      type: c.type,
      codec: c.codec,
      baseline: c.baseline,
      opsPerSecond: median,
      nsPerOp: 1e9 / median,
      rme: Math.max(...rme),
      spread: (((sorted[sorted.length - 1] as number) - (sorted[0] as number)) / median) * 100,
      roundsOpsPerSecond: hz,
      rounds,
    };
  });
}
