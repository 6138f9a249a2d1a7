// The bench chart: ratios only, so that types of very different sizes (a 40-byte login, a 10 KB
// log batch) compare at a glance. Top: every floor case on every type against its peer, coloured
// by the floor. Bottom: each codec's speed and frame size relative to the JSON codec.
import { FLOORS } from "./floors.js";
import { fmt, type Report } from "./report.js";

const CODECS = ["json", "avro", "protobuf"] as const;
const COLORS: Record<string, string> = { json: "#8c8c8c", avro: "#d9822b", protobuf: "#2b6cd9" };
const CELL_W = 74;
const CELL_H = 18;
const LABEL_W = 372;
const BAR_H = 9;

/** The SVG of one run's report. */
export function renderSvg(report: Report): string {
  const types = [...new Set(report.results.map((r) => r.type).filter((t) => t !== undefined))] as string[];
  const rows = FLOORS.filter((f) => report.floors.some((r) => r.id === f.id));
  const heatH = 40 + (rows.length + 1) * CELL_H;
  const groupH = CODECS.length * BAR_H + 12;
  const barsH = 40 + types.length * groupH;
  const width = Math.max(LABEL_W + types.length * CELL_W, 110 + 3 * 250) + 12;
  const height = 30 + heatH + barsH + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  const text = (x: number, y: number, s: string, size = 10, extra = "") =>
    out.push(`<text x="${x}" y="${y}" font-size="${size}" font-family="sans-serif"${extra}>${escapeXml(s)}</text>`);
  const meta = report.meta as { date?: string };
  text(
    6,
    18,
    `eventwire pnpm bench, ${String(meta.date ?? "").slice(0, 10)}, Node ${report.versions.node ?? "?"}`,
    13,
    ' font-weight="bold"',
  );
  drawHeatmap(report, types, rows, 30, text, out);
  drawRelativeBars(report, types, 30 + heatH, groupH, text, out);
  CODECS.forEach((codec, i) => {
    out.push(`<rect x="${6 + i * 90}" y="${height - 22}" width="10" height="10" fill="${COLORS[codec]}"/>`);
    text(20 + i * 90, height - 13, codec, 11);
  });
  out.push("</svg>");
  return out.join("\n");
}

type Text = (x: number, y: number, s: string, size?: number, extra?: string) => void;

function drawHeatmap(
  report: Report,
  types: string[],
  rows: typeof FLOORS,
  y0: number,
  text: Text,
  out: string[],
): void {
  text(
    6,
    y0 + 14,
    "ratio of throughput to the peer, same run (red: below the floor; green: floor met; dark green: goal met)",
    11,
    ' font-weight="bold"',
  );
  const top = y0 + 24;
  types.forEach((type, i) => {
    text(LABEL_W + i * CELL_W + CELL_W / 2, top + 12, type, 9, ' text-anchor="middle"');
  });
  rows.forEach((row, r) => {
    const y = top + (r + 1) * CELL_H;
    const floorNote = row.floor === undefined ? "" : ` (floor ${fmt(row.floor, 1)}x)`;
    text(6, y + 12, `${row.short}${floorNote}`, 9);
    types.forEach((type, i) => {
      const result = report.floors.find((f) => f.id === row.id && f.type === type);
      if (result === undefined) return;
      const fill =
        result.floor === undefined
          ? "#e6e6e6"
          : result.ratio < result.floor
            ? "#f4a6a6"
            : result.goal !== undefined && result.ratio >= result.goal
              ? "#7fcf7f"
              : "#cdeccd";
      const x = LABEL_W + i * CELL_W;
      out.push(`<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${fill}"/>`);
      text(x + CELL_W / 2, y + 12, `${fmt(result.ratio, 2)}x`, 9, ' text-anchor="middle"');
    });
  });
}

function drawRelativeBars(
  report: Report,
  types: string[],
  y0: number,
  groupH: number,
  text: Text,
  out: string[],
): void {
  const ops = (group: string, type: string, codec: string) =>
    report.results.find((r) => r.group === group && r.type === type && r.codec === codec)?.opsPerSecond;
  const frame = (type: string, codec: string) =>
    report.sizes.find((s) => s.type === type && s.codec === codec)?.sseBytes;
  const relative = (get: (type: string, codec: string) => number | undefined) => (type: string, codec: string) => {
    const value = get(type, codec);
    const json = get(type, "json");
    return value === undefined || json === undefined ? undefined : value / json;
  };
  const panels: [string, (type: string, codec: string) => number | undefined][] = [
    ["encode speed vs JSON codec", relative((t, c) => ops("encode", t, c))],
    ["decode speed vs JSON codec", relative((t, c) => ops("decode", t, c))],
    ["bytes per SSE frame vs JSON", relative(frame)],
  ];
  panels.forEach(([title, value], p) => {
    const x0 = 110 + p * 250;
    const barW = 170;
    text(x0, y0 + 14, title, 11, ' font-weight="bold"');
    const max = Math.max(1, ...types.flatMap((t) => CODECS.map((c) => value(t, c) ?? 0)));
    const one = x0 + barW / max;
    out.push(
      `<line x1="${one}" y1="${y0 + 20}" x2="${one}" y2="${y0 + 24 + types.length * groupH}" stroke="#444" stroke-dasharray="2,2"/>`,
    );
    types.forEach((type, row) => {
      const y = y0 + 24 + row * groupH;
      if (p === 0) text(6, y + BAR_H * 2, type, 10);
      CODECS.forEach((codec, i) => {
        const v = value(type, codec);
        if (v === undefined) return;
        const w = Math.max(1, (v / max) * barW);
        out.push(
          `<rect x="${x0}" y="${y + i * BAR_H}" width="${w.toFixed(1)}" height="${BAR_H - 2}" fill="${COLORS[codec]}"/>`,
        );
        text(x0 + w + 4, y + i * BAR_H + BAR_H - 2, `${fmt(v, 2)}x`, 8);
      });
    });
  });
}

function escapeXml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
