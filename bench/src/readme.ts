import { readFileSync, writeFileSync } from "node:fs";
import type { Report } from "./report.js";

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";
const TYPES = ["user_login", "order_placed", "sensor_reading", "log_batch"];

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The README's bench section, from one run's report. */
export function renderReadmeSection(report: Report): string {
  const ratio = (group: string, label: string, type: string) =>
    report.results.find((r) => r.group === group && r.type === type && r.name.endsWith(`/${label}`))?.ratio;
  const ops = (group: string, label: string, type: string) =>
    report.results.find((r) => r.group === group && r.type === type && r.name.endsWith(`/${label}`))?.opsPerSecond;
  const floors: [string, string, string, number][] = [
    ["JSON encode (validated) vs `Buffer.from(JSON.stringify(e))`", "encode", "json", 0.8],
    ["JSON decode (validated) vs `JSON.parse` of the same bytes", "decode", "json", 0.7],
    ["`createEnvelope` + JSON encode vs CloudEvents SDK `new CloudEvent(…).toString()`", "create+encode", "json", 3],
    ["Avro encode vs raw avsc `toBuffer`", "encode", "avro", 0.8],
    ["Avro decode vs raw avsc `fromBuffer`", "decode", "avro", 0.8],
    ["Protobuf encode vs raw protobufjs `encode`", "encode", "protobuf", 0.8],
    ["Protobuf decode vs raw protobufjs `decode` + `toObject`", "decode", "protobuf", 0.8],
    ["`frameEnvelope` (JSON) vs a template string", "frame", "json", 0.8],
    ["SSE parse vs `TextDecoder` + eventsource-parser", "parse", "sse-frame", 1],
  ];
  const lines: string[] = [START, ""];
  const meta = report.meta as { date?: string; node?: string; cpu?: string; rounds?: number; timeMs?: number };
  lines.push(
    `Measured by \`pnpm bench\` on ${meta.date?.slice(0, 10) ?? "?"}, Node ${meta.node ?? "?"}, ${meta.cpu ?? "?"} (2 cores), ${meta.rounds ?? "?"} rounds of ${meta.timeMs ?? "?"} ms a case, median round; every ratio is against a baseline measured in the same run. Full results: \`bench/results/latest.json\`; chart: \`bench/results/latest.svg\`.`,
    "",
    "![bench chart](bench/results/latest.svg)",
    "",
    "### Against the raw libraries and peers (ratio of throughput; higher is better)",
    "",
    `| case | ${TYPES.join(" | ")} | floor |`,
    `|---|${TYPES.map(() => "---:").join("|")}|---:|`,
  );
  for (const [label, group, codec, floor] of floors) {
    const cells = TYPES.map((type) => {
      const r = ratio(group, codec, type);
      return r === undefined ? "" : `${fmt(r, 2)}x${r >= floor ? "" : " ✗"}`;
    });
    lines.push(`| ${label} | ${cells.join(" | ")} | ${floor}x |`);
  }
  lines.push("", "✗: below the floor the issue set; see *Where the floors are not met* below.", "");
  lines.push("### Throughput (operations per second, one core)", "");
  lines.push(`| codec | ${TYPES.map((t) => `${t} encode | decode`).join(" | ")} |`);
  lines.push(`|---|${TYPES.map(() => "---:|---:").join("|")}|`);
  for (const codec of ["json", "avro", "protobuf"]) {
    const cells = TYPES.map((t) => `${fmt(ops("encode", codec, t) ?? 0)} | ${fmt(ops("decode", codec, t) ?? 0)}`);
    lines.push(`| ${codec} | ${cells.join(" | ")} |`);
  }
  lines.push("", "End to end (encode, frame, bytes, parse, decode), events per second:", "");
  lines.push(`| codec | ${TYPES.join(" | ")} |`, `|---|${TYPES.map(() => "---:").join("|")}|`);
  for (const codec of ["json", "avro", "protobuf"]) {
    lines.push(`| ${codec} | ${TYPES.map((t) => fmt(ops("end-to-end", codec, t) ?? 0)).join(" | ")} |`);
  }
  const events = report.sizes[0]?.events ?? 0;
  lines.push("", `### Bytes on the wire (per event; compressed: a ${fmt(events)}-event SSE stream, whole)`, "");
  lines.push("| type | codec | encoded | SSE frame | SSE + gzip | SSE + brotli |", "|---|---|---:|---:|---:|---:|");
  for (const s of report.sizes) {
    lines.push(
      `| ${s.type} | ${s.codec} | ${fmt(s.bytes)} | ${fmt(s.sseBytes)} | ${fmt(s.gzipBytes / s.events, 1)} | ${fmt(s.brotliBytes / s.events, 1)} |`,
    );
  }
  lines.push("");
  if (report.coldStart.length > 0) {
    lines.push(
      `Cold start (building a codec for the four example types, median): ${report.coldStart.map((c) => `${c.codec} ${fmt(c.ms, 2)} ms`).join(", ")}.`,
      "",
    );
  }
  if (report.memory !== undefined) {
    const m = report.memory;
    lines.push(
      `Memory: decoding a ${fmt(m.bytes / 2 ** 20)} MiB SSE stream (${fmt(m.events)} JSON envelopes, through \`decodeEnvelopes\`) took ${fmt(m.seconds, 1)} s and RSS grew ${fmt(m.rssGrowthMiB, 1)} MiB (the bound: 64 MiB).`,
      "",
    );
  }
  lines.push("### The verdict of this run", "", ...report.verdict.map((v) => `> ${v}`), "", END);
  return lines.join("\n");
}

/** Replaces the section between the bench markers of the README. */
export function updateReadme(path: URL, report: Report): void {
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`${path.pathname} has no ${START} … ${END} section`);
  writeFileSync(path, `${text.slice(0, start)}${renderReadmeSection(report)}${text.slice(end + END.length)}`);
}
