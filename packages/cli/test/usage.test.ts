import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT, buildCli, CLI_TIMEOUT, runCli, stopChildren } from "./run-built-cli.js";

beforeAll(async () => {
  await buildCli();
}, BUILD_TIMEOUT);

afterEach(stopChildren);

describe("--help and bad usage", CLI_TIMEOUT, () => {
  it.each([
    [["--help"], "Usage: eventwire <command> [options]"],
    [["tail", "--help"], "Usage: eventwire tail <url>"],
    [["decode", "-h"], "Usage: eventwire decode "],
    [["encode", "--help"], "Usage: eventwire encode --format"],
    [["schemas", "--help"], "Usage: eventwire schemas check [DIR]"],
    [["schemas", "check", "--help"], "Usage: eventwire schemas check [DIR]"],
    [["generate", "--help"], "Usage: eventwire generate [DIR] --out FILE.ts"],
  ])("eventwire %j prints its usage on stdout and exits 0", async (args, start) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.toString("utf8").startsWith(start)).toBe(true);
  });

  it.each([
    [[], /^Usage: eventwire <command>/],
    [["frobnicate"], /^eventwire: unknown command "frobnicate" \(see eventwire --help\)\n$/],
    [["decode", "--format", "xml"], /^eventwire decode: --format must be one of auto, json, avro, protobuf, not "xml"/],
    [["encode"], /^eventwire encode: --format is required/],
    [
      ["encode", "--format", "json", "--sse", "--delimited"],
      /^eventwire encode: --sse and --delimited exclude each other/,
    ],
    [["schemas", "verify"], /^eventwire schemas: unknown action "verify"/],
    [["tail"], /^eventwire tail: missing the <url>/],
    [["tail", "https://127.0.0.1:1/", "--count", "0"], /^eventwire tail: --count must be a positive integer, not "0"/],
    [["decode", "--schemas"], /^eventwire decode: Option '--schemas <value>' argument missing/],
  ])("eventwire %j is bad usage: exit 2, one line on stderr", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout.toString("utf8")).toBe("");
    expect(result.stderr).toMatch(message);
  });
});
