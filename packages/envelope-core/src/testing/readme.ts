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
