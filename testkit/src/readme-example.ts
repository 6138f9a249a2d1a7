import { equal } from "node:assert/strict";
import { readFileSync } from "node:fs";

/**
 * The first fenced TypeScript block of a README, so that a test can check it against the
 * example file it runs: the README shows only code that a test executes.
 */
export function readmeExample(readmePath: string | URL): string {
  const text = readFileSync(readmePath, "utf8");
  const match = /```ts\n([\s\S]*?)```/.exec(text);
  if (match?.[1] === undefined) throw new Error(`${String(readmePath)} has no \`\`\`ts block`);
  return match[1];
}

/**
 * Checks that `../README.md`'s first example is `readme-example.ts` of the test folder `testDir`,
 * runs it through `run` (the test's own `import("./readme-example.js")`), and returns what it
 * printed with `console.log`, call by call.
 */
export async function runReadmeExample(testDir: URL, run: () => Promise<unknown>): Promise<unknown[][]> {
  const file = readFileSync(new URL("readme-example.ts", testDir), "utf8");
  equal(readmeExample(new URL("../README.md", testDir)), file, "the README's example is not readme-example.ts");
  const calls: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    calls.push(args);
  };
  try {
    await run();
  } finally {
    console.log = log;
  }
  return calls;
}
