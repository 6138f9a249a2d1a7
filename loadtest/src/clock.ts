/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes of one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A canonical RFC 3339 timestamp with microseconds, so that latency is measured below the millisecond. */
export function timestampOf(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  return `${new Date(whole).toISOString().slice(0, -1)}${String(micros).padStart(3, "0")}Z`;
}

/** Milliseconds since the epoch of a canonical timestamp with 0, 3 or 6 fraction digits. */
export function msOf(timestamp: string): number {
  const dot = timestamp.indexOf(".");
  if (dot < 0) return Date.parse(timestamp);
  const fraction = timestamp.slice(dot + 1, -1).padEnd(6, "0");
  return Date.parse(`${timestamp.slice(0, dot)}Z`) + Number(fraction) / 1000;
}
