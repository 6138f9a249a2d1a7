// The first step of `pnpm test`: the system tools that the reference tests drive, each looked for
// the way the tests look for it. What is missing is named in one line, with the command that
// installs it, instead of a failure deep inside a test. The bench needs none of them.
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Each tool: how the tests find it, and the Debian package that provides it. */
const TOOLS = [
  { name: "protoc", command: "protoc", args: ["--version"], packages: ["protobuf-compiler", "libprotobuf-dev"] },
  {
    name: "python3 with avro",
    command: "/usr/bin/python3",
    args: ["-c", "import avro.io"],
    packages: ["python3-avro"],
  },
  { name: "chromium", command: "/usr/bin/chromium", args: ["--version"], packages: ["chromium"] },
  { name: "redis-server", command: "redis-server", args: ["--version"], packages: ["redis-server"] },
  { name: "nats-server", command: "nats-server", args: ["--version"], packages: ["nats-server"] },
];
// Where Debian puts daemons; not on a user's PATH, so a tool found only here gets its own advice.
const SYSTEM_DIRS = ["/usr/sbin", "/sbin"];

const missing = [];
const offPath = [];
for (const tool of TOOLS) {
  if (runs(tool.command, tool.args)) continue;
  const elsewhere = tool.command.includes("/") ? undefined : findIn(SYSTEM_DIRS, tool.command);
  if (elsewhere !== undefined) offPath.push(`${tool.name} is ${elsewhere}, not on PATH`);
  else missing.push(tool);
}
if (missing.length > 0 || offPath.length > 0) {
  const packages = missing.flatMap((tool) => tool.packages);
  const advice = [
    missing.length > 0
      ? `missing ${missing.map((tool) => tool.name).join(", ")}: sudo apt-get install ${packages.join(" ")}`
      : "",
    offPath.length > 0 ? `${offPath.join(", ")}: export PATH="$PATH:${SYSTEM_DIRS.join(":")}"` : "",
  ];
  console.error(`pnpm test needs system tools; ${advice.filter((a) => a !== "").join("; ")}`);
  process.exitCode = 1;
}

function runs(command, args) {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

function findIn(dirs, command) {
  for (const dir of dirs) {
    if ((process.env.PATH ?? "").split(delimiter).includes(dir)) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {}
  }
  return undefined;
}
