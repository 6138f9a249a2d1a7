import { readFileSync, writeFileSync } from "node:fs";
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
  const body = [
    START,
    "",
    `Measured by \`pnpm loadtest\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, loopback, clients in their own processes. Full results: \`loadtest/results/latest.json\`.`,
    "",
    "![loadtest chart](loadtest/results/latest.svg)",
    "",
    formatVerdict(results),
    "",
    formatTable(results),
    ...soakLines,
    "",
    END,
  ].join("\n");
  writeFileSync(file, text.slice(0, from) + body + text.slice(to + END.length));
}
