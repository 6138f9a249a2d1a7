import { describe, expect, it } from "vitest";
import { Samples, summarize } from "../src/stats.js";

describe("latency statistics", () => {
  it("gives p50, p99 and max by rank", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(summarize(values)).toEqual({ p50: 501, p99: 991, max: 1000 });
    expect(summarize([7])).toEqual({ p50: 7, p99: 7, max: 7 });
    expect(summarize([])).toBeUndefined();
  });

  it("sorts numerically, not as text", () => {
    expect(summarize([9, 10, 100, 2])?.max).toBe(100);
    expect(summarize([9, 10, 100, 2])?.p50).toBe(10);
  });

  it("thins samples past its cap without bias and keeps memory bounded", () => {
    const samples = new Samples(1000);
    for (let i = 0; i < 100_000; i++) samples.add(i % 100);
    const kept = samples.toArray();
    expect(kept.length).toBeLessThan(1000);
    expect(kept.length).toBeGreaterThan(250);
    const median = summarize(kept)?.p50 ?? -1;
    expect(median).toBeGreaterThanOrEqual(45);
    expect(median).toBeLessThanOrEqual(55);
  });
});
