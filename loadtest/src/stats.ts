/** Latency samples kept by a process: every sample up to a cap, then every k-th, so memory stays bounded. */
export class Samples {
  private readonly values: number[] = [];
  private stride = 1;
  private seen = 0;
  constructor(private readonly cap = 200_000) {}

  add(value: number): void {
    this.seen++;
    if (this.seen % this.stride !== 0) return;
    this.values.push(value);
    if (this.values.length >= this.cap) {
      // Keep every other sample and halve the rate from now on: an unbiased thinning.
      for (let i = 0; i * 2 < this.values.length; i++) this.values[i] = this.values[i * 2] as number;
      this.values.length = Math.ceil(this.values.length / 2);
      this.stride *= 2;
    }
  }

  toArray(): number[] {
    return this.values;
  }
}

/** p50, p99 and max of the samples, or undefined when there are none. */
export function summarize(samples: number[]): { p50: number; p99: number; max: number } | undefined {
  if (samples.length === 0) return undefined;
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}
