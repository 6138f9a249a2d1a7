import type { FanoutResult } from "./fanout.js";
import { FLOORS, type FloorResult } from "./floors.js";
import { type Measured, ratioOf } from "./measure.js";
import type { SizeRow } from "./sizes.js";

export interface ColdStart {
  readonly codec: string;
  readonly ms: number;
}

export interface MemoryResult {
  readonly bytes: number;
  readonly events: number;
  readonly rssBeforeMiB: number;
  readonly rssGrowthMiB: number;
  /** The largest young generation V8 sized during the run (RSS counts it; Node 24's V8 sizes it larger). */
  readonly youngGenerationMiB?: number;
  /** Heap growth after a full collection: what the decoder keeps. */
  readonly heapRetainedMiB?: number;
  readonly seconds: number;
}

export interface Report {
  readonly meta: Record<string, unknown>;
  /** Node, V8 and every peer library's version. */
  readonly versions: Readonly<Record<string, string>>;
  readonly results: readonly (Measured & { readonly ratio: number | undefined })[];
  /** Every floor of issue 11 on every type measured. */
  readonly floors: readonly FloorResult[];
  readonly sizes: readonly SizeRow[];
  readonly coldStart: readonly ColdStart[];
  readonly memory: MemoryResult | undefined;
  /** `@eventwire/sse-server` serving one log to 1, 100 and 1,000 in-process clients. */
  readonly fanout?: readonly FanoutResult[] | undefined;
  readonly verdict: readonly string[];
}

/** Adds the ratio of each case to its baseline, measured in the same run. */
export function withRatios(results: readonly Measured[]): Report["results"] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return results.map((r) => {
    const base = r.baseline === undefined ? undefined : byName.get(r.baseline);
    return { ...r, ratio: base === undefined ? undefined : ratioOf(r, base) };
  });
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function formatTable(results: Report["results"]): string {
  const rows = [["case", "ops/s", "ns/op", "±rme", "spread", "vs baseline"]];
  for (const r of results) {
    rows.push([
      r.name,
      fmt(r.opsPerSecond),
      fmt(r.nsPerOp),
      `${fmt(r.rme, 1)}%`,
      `${fmt(r.spread, 1)}%`,
      r.ratio === undefined ? "" : `${fmt(r.ratio, 2)}x ${r.baseline?.split("/").pop() ?? ""}`,
    ]);
  }
  return alignRows(rows);
}

export function formatSizes(sizes: readonly SizeRow[]): string {
  const rows = [["type", "codec", "bytes", "SSE frame", `stream (${sizes[0]?.events ?? 0} events)`, "gzip", "brotli"]];
  for (const s of sizes) {
    rows.push([
      s.type,
      s.codec,
      fmt(s.bytes),
      fmt(s.sseBytes),
      fmt(s.streamBytes),
      fmt(s.gzipBytes),
      fmt(s.brotliBytes),
    ]);
  }
  return alignRows(rows);
}

/** The floors as a console table: ratio, floor, goal, and ✗ below the floor. */
export function formatFloors(floors: readonly FloorResult[]): string {
  const rows = [["floor case", "type", "ratio", "floor", "goal", ""]];
  for (const f of floors) {
    const label = FLOORS.find((row) => row.id === f.id)?.label.replaceAll("`", "") ?? f.id;
    rows.push([
      label,
      f.type,
      `${fmt(f.ratio, 2)}x`,
      f.floor === undefined ? "" : `${fmt(f.floor, 1)}x`,
      f.goal === undefined ? "" : `${fmt(f.goal, 1)}x`,
      f.met === false ? "✗" : "",
    ]);
  }
  return alignRows(rows);
}

function alignRows(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "))
    .join("\n");
}

function geomean(values: number[]): number {
  return Math.exp(values.reduce((a, v) => a + Math.log(v), 0) / Math.max(values.length, 1));
}

/**
 * What held on this machine of the claims the product started from: "JSON: readable, medium
 * speed; Avro: high speed; Protobuf: very high speed", and which format is smallest over SSE.
 */
export function verdict(
  results: Report["results"],
  sizes: readonly SizeRow[],
  floors: readonly FloorResult[],
): string[] {
  const lines: string[] = [];
  const judged = floors.filter((f) => f.met !== undefined);
  if (judged.length > 0) {
    const below = judged.filter((f) => f.met === false);
    const byCase = FLOORS.map((row) => ({ row, types: below.filter((f) => f.id === row.id).map((f) => f.type) }));
    const parts = byCase.filter((c) => c.types.length > 0).map((c) => `${c.row.label} (${c.types.join(", ")})`);
    lines.push(
      `Floors of issue 11: ${judged.length - below.length} of ${judged.length} met.${parts.length === 0 ? "" : ` Below the floor: ${parts.join("; ")}.`}`,
    );
  }
  const speed = (codec: string) => {
    const rows = results.filter((r) => r.codec === codec && (r.group === "encode" || r.group === "decode"));
    return rows.length === 0 ? undefined : geomean(rows.map((r) => r.opsPerSecond));
  };
  const json = speed("json");
  const avro = speed("avro");
  const protobuf = speed("protobuf");
  if (json !== undefined && avro !== undefined && protobuf !== undefined) {
    const order = [
      ["JSON", json],
      ["Avro", avro],
      ["Protobuf", protobuf],
    ] as const;
    const ranked = [...order].sort((a, b) => b[1] - a[1]).map(([n]) => n);
    lines.push(
      `Speed (geometric mean of encode and decode over the example types): Avro ${fmt(avro / json, 2)}x JSON, Protobuf ${fmt(protobuf / json, 2)}x JSON, Protobuf ${fmt(protobuf / avro, 2)}x Avro; fastest to slowest: ${ranked.join(" > ")}.`,
    );
    lines.push(
      `  "JSON: medium speed; Avro: high speed; Protobuf: very high speed" ${
        protobuf >= avro && avro >= json ? "held" : "did not hold as stated"
      } on this machine${protobuf >= avro && avro >= json ? "" : ` (measured order: ${ranked.join(" > ")})`}.`,
    );
  }
  for (const [label, key] of [
    ["as SSE frames", "sseBytes"],
    ["as an SSE stream after gzip", "gzipBytes"],
    ["as an SSE stream after brotli", "brotliBytes"],
  ] as const) {
    const types = [...new Set(sizes.map((s) => s.type))];
    const parts = types.map((type) => {
      const rows = sizes.filter((s) => s.type === type).sort((a, b) => a[key] - b[key]);
      const best = rows[0] as SizeRow;
      const jsonRow = rows.find((r) => r.codec === "json");
      return `${type}: ${best.codec}${jsonRow === undefined || best.codec === "json" ? "" : ` (${fmt((best[key] / jsonRow[key]) * 100)}% of JSON)`}`;
    });
    if (parts.length > 0) lines.push(`Smallest ${label}: ${parts.join("; ")}.`);
  }
  return lines;
}
