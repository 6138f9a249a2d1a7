// The second half of `pnpm test`: after the whole suite ran on the default Node (20), runs the
// unit, property and reference tests again on Node 22 and 24 (the LTS lines users run), with
// that Node first in PATH so that anything a test starts runs on it too. Then prints the plain
// "N passed, N failed" line of scripts/test-summary.mjs, counting every run.
//
// Which projects: every package under packages/ and conformance: the codecs, the SSE parser and
// server, and the interop packages are where Buffer, TextDecoder, streams, http/http2 and V8
// differ between versions, and conformance holds the property and reference (protoc, Apache Avro)
// tests. Not `examples`: it drives headless Chromium against a demo server built from the same
// packages, so what it adds is the browser's side, which does not change with the Node version;
// on the default Node it runs as before. Installs: ./scripts/setup-node.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_MAJORS = ["22", "24"];
const root = fileURLToPath(new URL("..", import.meta.url));
const results = `${root}node_modules/.cache/vitest-results.json`;
const projects = [...readdirSync(`${root}packages`), "conformance"];

const read = () => JSON.parse(readFileSync(results, "utf8"));
const COUNTS = ["numTotalTests", "numPassedTests", "numFailedTests", "numPendingTests", "numTodoTests"];
const COUNTED_FILES = ["numTotalTestSuites", "numPassedTestSuites", "numFailedTestSuites", "numPendingTestSuites"];

// vitest writes its JSON report to one file each run: keep the default Node's, then add each run.
const merged = read();
merged.runs = [{ node: process.version, numTotalTests: merged.numTotalTests, numFailedTests: merged.numFailedTests }];
let failed = false;
for (const major of NODE_MAJORS) {
  const node = `${root}.cache/node/${major}/bin/node`;
  if (!existsSync(node)) {
    console.error(`test-on-node: no Node ${major} in .cache/node; run ./scripts/setup-node`);
    failed = true;
    continue;
  }
  const version = spawnSync(node, ["--version"]).stdout.toString().trim();
  console.log(`\n— unit, property and reference tests on Node ${version} —`);
  rmSync(results, { force: true });
  const run = spawnSync(
    node,
    [`${root}node_modules/vitest/vitest.mjs`, "run", ...projects.flatMap((p) => ["--project", p])],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ""}` },
    },
  );
  if (run.status !== 0) failed = true;
  if (!existsSync(results)) {
    console.error(`test-on-node: vitest on Node ${version} wrote no report (exit ${run.status})`);
    merged.numFailedTests += 1;
    merged.runs.push({ node: version, numTotalTests: 0, numFailedTests: 1 });
    continue;
  }
  const report = read();
  for (const key of [...COUNTS, ...COUNTED_FILES]) merged[key] = (merged[key] ?? 0) + (report[key] ?? 0);
  merged.success = merged.success && report.success;
  merged.testResults = [...merged.testResults, ...report.testResults];
  merged.runs.push({ node: version, numTotalTests: report.numTotalTests, numFailedTests: report.numFailedTests });
}
writeFileSync(results, JSON.stringify(merged));
console.log(
  `\nruns: ${merged.runs.map((r) => `Node ${r.node} ${r.numTotalTests} tests, ${r.numFailedTests} failed`).join("; ")}`,
);
await import("./test-summary.mjs");
if (failed) process.exitCode = 1;
