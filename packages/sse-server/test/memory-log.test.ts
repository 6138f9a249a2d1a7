import { describe, expect, it } from "vitest";
import { isLogGap, type LogEntry, type LogGap } from "../src/event-log.js";
import { createMemoryLog, MEMORY_LOG_START } from "../src/memory-log.js";
import { describeLogLaws, makeEnvelopes } from "./log-laws.js";

describeLogLaws("createMemoryLog", ({ capacity }) => createMemoryLog({ capacity }));

async function first(items: AsyncIterable<LogEntry | LogGap>, count: number): Promise<(LogEntry | LogGap)[]> {
  const out: (LogEntry | LogGap)[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length === count) break;
  }
  return out;
}

describe("createMemoryLog", () => {
  it("writes positions as 16 digits that sort as text in the order of the log", async () => {
    const log = createMemoryLog({ capacity: 20 });
    const positions: string[] = [];
    for (const envelope of makeEnvelopes(0, 12)) positions.push(await log.append(envelope));
    expect(positions[0]).toBe("0000000000000001");
    expect(positions[11]).toBe("0000000000000012");
    expect([...positions].sort()).toEqual(positions);
  });

  it.each([
    ["garbage", "not-a-position"],
    ["a position from the future (a restarted process)", "0000000000000099"],
    ["a number in another format", "3"],
  ])("%s: a gap to the oldest entry held, then everything held", async (_, after) => {
    const log = createMemoryLog({ capacity: 3 });
    const envelopes = makeEnvelopes(0, 5);
    for (const envelope of envelopes) await log.append(envelope);
    const items = await first(log.read(after, { signal: AbortSignal.timeout(10_000) }), 4);
    expect(items[0]).toEqual({ gap: { after, resumedAt: "0000000000000003" } });
    expect(items.slice(1).map((item) => (item as LogEntry).envelope)).toEqual(envelopes.slice(2));
  });

  it("MEMORY_LOG_START reads everything held; once the ring has trimmed, after a gap", async () => {
    const log = createMemoryLog({ capacity: 4 });
    const envelopes = makeEnvelopes(0, 6);
    for (const envelope of envelopes.slice(0, 3)) await log.append(envelope);
    const whole = await first(log.read(MEMORY_LOG_START, { signal: AbortSignal.timeout(10_000) }), 3);
    expect(whole.map((item) => (item as LogEntry).envelope)).toEqual(envelopes.slice(0, 3));
    for (const envelope of envelopes.slice(3)) await log.append(envelope);
    const trimmed = await first(log.read(MEMORY_LOG_START, { signal: AbortSignal.timeout(10_000) }), 5);
    expect(trimmed[0]).toEqual({ gap: { after: MEMORY_LOG_START, resumedAt: "0000000000000003" } });
    expect(trimmed.slice(1).map((item) => (item as LogEntry).envelope)).toEqual(envelopes.slice(2));
  });

  it("on an empty log, an unknown position resumes at the first position to come", async () => {
    const log = createMemoryLog({ capacity: 3 });
    const reader = log.read("x", { signal: AbortSignal.timeout(10_000) })[Symbol.asyncIterator]();
    expect((await reader.next()).value).toEqual({ gap: { after: "x", resumedAt: "0000000000000001" } });
    const pending = reader.next();
    await log.append(makeEnvelopes(0, 1)[0] as never);
    expect(((await pending).value as LogEntry).position).toBe("0000000000000001");
    await log.close();
  });

  it("a reader that falls behind the ring while reading is told with a gap, then continues", async () => {
    const log = createMemoryLog({ capacity: 4 });
    const envelopes = makeEnvelopes(0, 12);
    const reader = log.read(undefined, { signal: AbortSignal.timeout(10_000) })[Symbol.asyncIterator]();
    const pending = reader.next();
    for (const envelope of envelopes.slice(0, 2)) await log.append(envelope);
    expect(((await pending).value as LogEntry).position).toBe("0000000000000001");
    for (const envelope of envelopes.slice(2)) await log.append(envelope);
    const gap = (await reader.next()).value as LogGap;
    expect(isLogGap(gap)).toBe(true);
    expect(gap.gap).toEqual({ after: "0000000000000001", resumedAt: "0000000000000009" });
    expect(((await reader.next()).value as LogEntry).envelope).toEqual(envelopes[8]);
    await log.close();
  });

  it("refuses a capacity that is not a positive integer, and appends after close", async () => {
    expect(() => createMemoryLog({ capacity: 0 })).toThrow(RangeError);
    expect(() => createMemoryLog({ capacity: 1.5 })).toThrow(RangeError);
    const log = createMemoryLog({ capacity: 1 });
    await log.close();
    await expect(log.append(makeEnvelopes(0, 1)[0] as never)).rejects.toThrow(/closed/);
  });
});
