// Prints vitest's counts as one plain closing line ("N passed, N failed"), from the JSON report
// that vitest.config.ts asks for, so that CI reads the result whatever runner made it.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(new URL("../node_modules/.cache/vitest-results.json", import.meta.url), "utf8"));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`,
);
if (report.numFailedTests > 0 || report.numTotalTests === 0) process.exitCode = 1;
