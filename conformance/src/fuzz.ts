// The long hostile-input campaign: `pnpm fuzz [--cases 1000000] [--seed 1]`. The same generators
// as the CI budget in test/hostile.test.ts, many more cases; writes results/fuzz-latest.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { exampleCodecs } from "./codecs.js";
import { attack, type CampaignResult, targets } from "./hostile.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
    readme: { type: "boolean", default: false },
    // Writes the README section from results/fuzz-latest.json without running a campaign.
    "readme-only": { type: "boolean", default: false },
  },
});
if (values["readme-only"]) {
  const latest = JSON.parse(readFileSync(new URL("../results/fuzz-latest.json", import.meta.url), "utf8")) as {
    date: string;
    node: string;
    seed: number;
    results: Parameters<typeof updateReadme>[0];
  };
  updateReadme(latest.results, latest.date, latest.node, latest.seed);
  process.exit(0);
}
const cases = Number(values.cases);
const seed = Number(values.seed);
const results: (CampaignResult & { seconds: number; peakRssMiB: number })[] = [];
const started = performance.now();
for (const target of targets(exampleCodecs())) {
  const t0 = performance.now();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  const result = await attack(target, cases, seed, (done) => {
    process.stdout.write(
      `  ${target.name}: ${done.toLocaleString("en-US")} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
    );
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (performance.now() - t0) / 1000;
  results.push({ ...result, seconds, peakRssMiB: peak / 2 ** 20 });
  process.stdout.write(
    `${target.name.padEnd(26)} ${cases.toLocaleString("en-US")} cases: ${result.refused.toLocaleString("en-US")} refused, ` +
      `${result.accepted.toLocaleString("en-US")} accepted, ${result.failures.length} failures; slowest ${result.slowestMs.toFixed(1)} ms; ` +
      `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; ${seconds.toFixed(0)} s\n`,
  );
}
const dir = new URL("../results/", import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(
  new URL("fuzz-latest.json", dir),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cases, seed, seconds: (performance.now() - started) / 1000, results }, null, 2)}\n`,
);
if (values.readme) updateReadme(results, new Date().toISOString(), process.version, seed);
if (results.some((r) => r.failures.length > 0)) process.exitCode = 1;

/** Writes the campaign's table between the fuzz markers of the root README. */
function updateReadme(
  results: readonly (CampaignResult & { seconds: number; peakRssMiB: number })[],
  date: string,
  node: string,
  seed: number,
): void {
  const path = new URL("../../README.md", import.meta.url);
  const text = readFileSync(path, "utf8");
  const start = text.indexOf("<!-- fuzz:start -->");
  const end = text.indexOf("<!-- fuzz:end -->");
  if (start < 0 || end < 0) throw new Error("README.md has no fuzz section");
  const n = (x: number) => x.toLocaleString("en-US");
  const rows = results.map(
    (r) =>
      `| ${r.target} | ${n(r.cases)} | ${n(r.refused)} | ${n(r.accepted)} | ${r.failures.length} | ${r.slowestMs.toFixed(1)} ms | ${r.peakRssMiB.toFixed(0)} MiB |`,
  );
  const table = [
    "<!-- fuzz:start -->",
    `Run on ${date.slice(0, 10)}, Node ${node}, seed ${seed}:`,
    "",
    "| decoder | cases | refused (EnvelopeError) | accepted | other errors | slowest case | peak RSS |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(path, `${text.slice(0, start)}${table}${text.slice(end)}`);
}
