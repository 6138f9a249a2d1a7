import type { Measured } from "./measure.js";
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
  readonly seconds: number;
}

export interface Report {
  readonly meta: Record<string, unknown>;
  readonly results: readonly (Measured & { readonly ratio: number | undefined })[];
  readonly sizes: readonly SizeRow[];
  readonly coldStart: readonly ColdStart[];
  readonly memory: MemoryResult | undefined;
  readonly verdict: readonly string[];
}

/** Adds the ratio of each case to its baseline, measured in the same run. */
export function withRatios(results: readonly Measured[]): Report["results"] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return results.map((r) => {
    const base = r.baseline === undefined ? undefined : byName.get(r.baseline);
    return { ...r, ratio: base === undefined ? undefined : r.opsPerSecond / base.opsPerSecond };
  });
}

const fmt = (n: number, digits = 0) =>
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
export function verdict(results: Report["results"], sizes: readonly SizeRow[]): string[] {
  const lines: string[] = [];
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

/** A chart a person can read at a glance: throughput, and bytes on the wire, per type and codec. */
export function renderSvg(report: Report): string {
  const types = [...new Set(report.sizes.map((s) => s.type))];
  const codecs = ["json", "avro", "protobuf"];
  const colors: Record<string, string> = { json: "#8c8c8c", avro: "#d9822b", protobuf: "#2b6cd9" };
  const barH = 10;
  const groupH = codecs.length * barH + 16;
  const labelW = 110;
  const barW = 250;
  const panelW = barW + 80;
  const sectionH = 40 + types.length * groupH;
  const width = labelW + panelW * 2 + 10;
  const height = 30 + sectionH * 2 + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  const text = (x: number, y: number, s: string, size = 11, bold = false) =>
    out.push(
      `<text x="${x}" y="${y}" font-size="${size}" font-family="sans-serif"${bold ? ' font-weight="bold"' : ""}>${escapeXml(s)}</text>`,
    );
  const panel = (
    x0: number,
    y0: number,
    title: string,
    value: (type: string, codec: string) => number | undefined,
    unit: string,
  ) => {
    text(x0, y0 + 14, title, 11, true);
    const max = Math.max(1, ...types.flatMap((t) => codecs.map((c) => value(t, c) ?? 0)));
    types.forEach((type, row) => {
      const y = y0 + 28 + row * groupH;
      if (x0 === labelW) text(6, y + barH * 2, type);
      codecs.forEach((codec, i) => {
        const v = value(type, codec);
        if (v === undefined) return;
        const w = Math.max(1, (v / max) * barW);
        out.push(
          `<rect x="${x0}" y="${y + i * barH}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${colors[codec]}"/>`,
        );
        text(x0 + w + 4, y + i * barH + barH - 2, `${fmt(v, v < 10 ? 2 : 0)}${unit}`, 9);
      });
    });
  };
  const ops = (group: string) => (type: string, codec: string) =>
    report.results.find((r) => r.group === group && r.type === type && r.codec === codec)?.opsPerSecond;
  const perEvent = (key: "sseBytes" | "gzipBytes") => (type: string, codec: string) => {
    const row = report.sizes.find((s) => s.type === type && s.codec === codec);
    return row === undefined ? undefined : key === "gzipBytes" ? row[key] / row.events : row[key];
  };
  text(
    6,
    18,
    `eventwire pnpm bench, ${String(report.meta.date ?? "").slice(0, 10)}, Node ${String(report.meta.node ?? "")}`,
    13,
    true,
  );
  panel(labelW, 30, "encode, ops/s (longer is faster)", ops("encode"), "");
  panel(labelW + panelW, 30, "decode, ops/s (longer is faster)", ops("decode"), "");
  panel(labelW, 30 + sectionH, "bytes per SSE frame (shorter is smaller)", perEvent("sseBytes"), " B");
  panel(labelW + panelW, 30 + sectionH, "bytes per event, SSE stream gzipped", perEvent("gzipBytes"), " B");
  codecs.forEach((codec, i) => {
    out.push(`<rect x="${6 + i * 90}" y="${height - 22}" width="10" height="10" fill="${colors[codec]}"/>`);
    text(20 + i * 90, height - 13, codec);
  });
  out.push("</svg>");
  return out.join("\n");
}

function escapeXml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
