import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const packages = readdirSync(new URL("./packages", import.meta.url));

// Tests import each workspace package from its TypeScript source, so they need no build.
const alias = packages.flatMap((name) => [
  { find: new RegExp(`^@eventwire/${name}/testing$`), replacement: `${root}packages/${name}/src/testing/index.ts` },
  { find: new RegExp(`^@eventwire/${name}/wire$`), replacement: `${root}packages/${name}/src/wire/index.ts` },
  { find: new RegExp(`^@eventwire/${name}$`), replacement: `${root}packages/${name}/src/index.ts` },
]);
// The private test helpers live beside packages/, not in it.
alias.push({ find: /^@eventwire\/testkit$/, replacement: `${root}testkit/src/index.ts` });

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", ["json", { outputFile: "node_modules/.cache/vitest-results.json" }]],
    projects: [
      ...packages.map((name) => ({
        resolve: { alias },
        test: { name, root: `packages/${name}`, include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
      })),
      {
        resolve: { alias },
        test: { name: "conformance", root: "conformance", include: ["test/**/*.test.ts"], testTimeout: 120_000 },
      },
      // A real server, a Node client and headless Chromium: slower, so with more time.
      {
        resolve: { alias },
        test: {
          name: "examples",
          root: "examples",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // The private test helpers' own checks: each helper shown failing on bad input.
      { resolve: { alias }, test: { name: "testkit", root: "testkit", include: ["test/**/*.test.ts"] } },
      // The load test's pure parts (statistics, expected counts, the clock); its figures are never asserted.
      { resolve: { alias }, test: { name: "loadtest", root: "loadtest", include: ["test/**/*.test.ts"] } },
    ],
  },
});
