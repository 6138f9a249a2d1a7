// Which Node runs the bench, and what it ran with: the runtime's and every peer's version, for
// latest.json. `--node 24` (or EVENTWIRE_BENCH_NODE=24) runs the same script again on that
// runtime: the binaries scripts/setup-node puts in .cache/node, or a `node` on PATH.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SseParserPeer } from "./case-context.js";

/** The Node versions the README compares, oldest first; the last one makes its tables. */
export const NODE_MAJORS = ["20", "22", "24"] as const;
export const README_NODE = "24";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** This process's Node major version, e.g. "20". */
export function currentMajor(): string {
  return process.versions.node.split(".")[0] as string;
}

/** The path of a Node binary of that major version, or undefined if none is installed. */
export function findNode(major: string): string | undefined {
  if (major === currentMajor()) return process.execPath;
  const candidates = [
    join(REPO, ".cache", "node", major, "bin", "node"),
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "node")),
  ];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      const version = execFileSync(path, ["--version"]).toString().trim();
      if (version.startsWith(`v${major}.`)) return path;
    } catch {
      // not runnable here: try the next one
    }
  }
  return undefined;
}

/**
 * Runs this script with `args` on Node `major`, its folder first in PATH (so anything the bench
 * starts runs on it too); returns its exit code.
 */
export function runOnNode(major: string, script: string, args: readonly string[]): number {
  const node = findNode(major);
  if (node === undefined) {
    process.stderr.write(`bench: no Node ${major} found; run ./scripts/setup-node (it installs 22 and 24)\n`);
    return 2;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ""}` };
  delete env.EVENTWIRE_BENCH_NODE;
  const result = spawnSync(node, [script, ...args], { stdio: "inherit", env });
  return result.status ?? 1;
}

/** The version of a package installed for the bench. */
export function packageVersion(name: string): string {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** protoc's version line, or why there is none. */
function protocVersion(): string {
  try {
    return execFileSync("protoc", ["--version"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return "not installed";
  }
}

/** Node and V8, and every library the bench measures against, for the record. */
export function runtimeVersions(eventsourceParser: string): Record<string, string> {
  return {
    node: process.version,
    v8: process.versions.v8,
    ajv: packageVersion("ajv"),
    "fast-json-stringify": packageVersion("fast-json-stringify"),
    avsc: packageVersion("avsc"),
    protobufjs: packageVersion("protobufjs"),
    "@bufbuild/protobuf": packageVersion("@bufbuild/protobuf"),
    protoc: protocVersion(),
    "eventsource-parser": eventsourceParser,
    cloudevents: packageVersion("cloudevents"),
    tinybench: packageVersion("tinybench"),
  };
}

/**
 * eventsource-parser's newest major where the runtime allows it: 4 needs Node 22.12 (its
 * `engines`), so Node 20 measures against 3, the last major that supports it.
 */
export async function loadEventsourceParser(): Promise<{ createParser: SseParserPeer; version: string }> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const v4Allowed = major > 22 || (major === 22 && minor >= 12);
  if (v4Allowed && existsSync(fileURLToPath(new URL("../node_modules/eventsource-parser-4", import.meta.url)))) {
    const mod = (await import("eventsource-parser-4" as string)) as { createParser: SseParserPeer };
    return { createParser: mod.createParser, version: packageVersion("eventsource-parser-4") };
  }
  const mod = await import("eventsource-parser");
  return { createParser: mod.createParser as unknown as SseParserPeer, version: packageVersion("eventsource-parser") };
}
