#!/usr/bin/env node
import { shouldColor } from "./print-envelope.js";
import { runCli } from "./run-cli.js";

const interrupt = new AbortController();
// Ctrl-C and SIGTERM end a running tail cleanly (connections closed, exit code 0).
process.once("SIGINT", () => interrupt.abort());
process.once("SIGTERM", () => interrupt.abort());
// A reader that goes away (`eventwire tail … | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  out: (chunk) => process.stdout.write(chunk),
  err: (text) => process.stderr.write(text),
  color: shouldColor(process.stdout, process.env),
  defaultSchemas: "./schemas",
  signal: interrupt.signal,
});
