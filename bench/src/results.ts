// Where a run's results go. A full run writes results/node-<major>.json and .svg (the README
// reads one per Node version) and latest.json / latest.svg (the last full run); a quick or
// filtered run writes only results/partial.*, so it never replaces the measured record.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { renderSvg } from "./chart.js";
import { updateReadme } from "./readme.js";
import type { Report } from "./report.js";
import { currentMajor, NODE_MAJORS, README_NODE } from "./runtime.js";

const DIR = new URL("../results/", import.meta.url);
const log = (line: string) => process.stdout.write(`${line}\n`);

function isFull(report: Report): boolean {
  const meta = report.meta as { quick?: boolean; filters?: Record<string, unknown[]> };
  return meta.quick !== true && Object.values(meta.filters ?? {}).every((list) => list.length === 0);
}

/** Writes this run's JSON and chart. */
export function writeResults(report: Report): void {
  mkdirSync(DIR, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const svg = renderSvg(report);
  const names = isFull(report) ? [`node-${currentMajor()}`, "latest"] : ["partial"];
  for (const name of names) {
    writeFileSync(new URL(`${name}.json`, DIR), json);
    writeFileSync(new URL(`${name}.svg`, DIR), svg);
  }
  log("");
  log(`wrote ${names.map((n) => `bench/results/${n}.json and .svg`).join(", ")}`);
}

function readReport(name: string): Report | undefined {
  const file = new URL(`${name}.json`, DIR);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Report) : undefined;
}

/** The README's bench section: tables from Node 24's full run, the side-by-side from each Node's. */
export function writeReadme(): void {
  const byNode = Object.fromEntries(NODE_MAJORS.map((m) => [m, readReport(`node-${m}`)])) as Record<
    string,
    Report | undefined
  >;
  const main = byNode[README_NODE];
  if (main === undefined) {
    process.stderr.write(
      `bench: no full run on Node ${README_NODE} yet (pnpm bench --node ${README_NODE}); README unchanged\n`,
    );
    process.exitCode = 1;
    return;
  }
  updateReadme(new URL("../../README.md", import.meta.url), main, byNode);
  log(`updated the bench section of README.md (tables from Node ${README_NODE})`);
}
