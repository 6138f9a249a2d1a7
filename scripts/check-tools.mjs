// The first step of `pnpm test`: the system tools that the reference tests drive, each looked for
// the way the tests look for it. What is missing is named in one line, with the command that
// installs it, instead of a failure deep inside a test. The bench needs none of them.
import { execFileSync } from "node:child_process";

/** Each tool: the commands the tests try, in order, and the Debian packages that provide it. */
const TOOLS = [
  { name: "protoc", commands: ["protoc"], args: ["--version"], packages: ["protobuf-compiler", "libprotobuf-dev"] },
  {
    name: "python3 with avro",
    commands: ["/usr/bin/python3"],
    args: ["-c", "import avro.io"],
    packages: ["python3-avro"],
  },
  { name: "chromium", commands: ["/usr/bin/chromium"], args: ["--version"], packages: ["chromium"] },
  { name: "redis-server", commands: ["redis-server"], args: ["--version"], packages: ["redis-server"] },
  { name: "redis-cli", commands: ["redis-cli"], args: ["--version"], packages: ["redis-server"] },
  // Debian puts it in /usr/sbin, which a user's PATH often lacks; the tests try that path first.
  {
    name: "nats-server",
    commands: ["/usr/sbin/nats-server", "nats-server"],
    args: ["--version"],
    packages: ["nats-server"],
  },
];

const missing = TOOLS.filter((tool) => !tool.commands.some((command) => runs(command, tool.args)));
if (missing.length > 0) {
  const packages = [...new Set(missing.flatMap((tool) => tool.packages))];
  console.error(
    `pnpm test needs system tools; missing ${missing.map((tool) => tool.name).join(", ")}: ` +
      `sudo apt-get install ${packages.join(" ")}`,
  );
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
