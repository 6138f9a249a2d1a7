// The public packages of the workspace: every packages/* whose package.json is not private. New
// packages are found, not listed, so that the pack and size checks cover them from their first day.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

/** `{ name, dir, manifest }` of each public package, sorted by folder. */
export function listPublicPackages() {
  return readdirSync(`${root}packages`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = `${root}packages/${entry.name}`;
      const manifest = JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));
      return { name: manifest.name, dir, manifest };
    })
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The import specifiers of a package's exports map: `@eventwire/x`, `@eventwire/x/wire`, … */
export function entrySpecifiers(manifest) {
  const keys = typeof manifest.exports === "object" ? Object.keys(manifest.exports) : ["."];
  return keys
    .filter((key) => !key.includes("*") && !key.endsWith(".json"))
    .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}
