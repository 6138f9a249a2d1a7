import { readFileSync, writeFileSync } from "node:fs";
import { formatCosts, formatLimits, formatStress } from "./analysis.js";
import { formatTable, formatVerdict } from "./report.js";
import type { ScenarioResult } from "./scenario.js";
import type { SoakPoint } from "./soak.js";

const START = "<!-- loadtest:start -->";
const END = "<!-- loadtest:end -->";

/** Writes the table, the chart and the verdict of this run between the loadtest markers of the root README. */
export function updateReadme(results: readonly ScenarioResult[], soak: readonly SoakPoint[] | undefined): void {
  const file = new URL("../../README.md", import.meta.url);
  const text = readFileSync(file, "utf8");
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error("loadtest: README.md has no loadtest markers");
  const soakLines =
    soak === undefined || soak.length === 0
      ? []
      : [
          "",
          `Soak (\`--soak ${Math.round(soak[soak.length - 1]?.minute ?? 0)}\`): server RSS ${soak.map((p) => p.rssMiB.toFixed(0)).join(" → ")} MiB; p99 ${soak.map((p) => p.p99?.toFixed(1)).join(" → ")} ms; lost ${soak.reduce((n, p) => n + p.lost, 0)}, duplicated ${soak.reduce((n, p) => n + p.duplicated, 0)}.`,
        ];
  const loads = results.map((r) => r.loadAverage);
  const body = [
    START,
    "",
    `Measured by \`pnpm loadtest\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, loopback, 2 cores shared with other work (load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} during the run), clients in their own processes. Full results: \`loadtest/results/latest.json\`.`,
    "",
    "![loadtest chart](loadtest/results/latest.svg)",
    "",
    "Verdict against the seed's transport table:",
    "",
    formatVerdict(results),
    "",
    "Where each transport stopped, and why:",
    "",
    formatLimits(results),
    "",
    "What one client costs the server:",
    "",
    formatCosts(results),
    "",
    "Stress: clients that read, alone and beside clients that stop reading (cut at the output bound, they resume from the log):",
    "",
    formatStress(results),
    ...soakLines,
    "",
    "<details><summary>Every scenario</summary>",
    "",
    "`srv`: the server processes, `cli`: the client workers; CPU in % of one core; loop p99: event-loop delay; wait %: time the main thread was ready but waited for a core (Linux schedstat). `late`: delivered more than 1 s after it was produced (counted on the latency-sampled clients).",
    "",
    formatTable(results),
    "",
    "</details>",
    "",
    END,
  ].join("\n");
  writeFileSync(file, text.slice(0, from) + body + text.slice(to + END.length));
}
