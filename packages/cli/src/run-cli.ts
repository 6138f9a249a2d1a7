import { describeFailure, EXIT, UsageError } from "./cli-error.js";
import type { CommandContext } from "./commands/context.js";
import { DECODE_HELP, runDecode } from "./commands/decode.js";
import { ENCODE_HELP, runEncode } from "./commands/encode.js";
import { GENERATE_HELP, runGenerate } from "./commands/generate.js";
import { runSchemas, SCHEMAS_HELP } from "./commands/schemas.js";
import { runTail, TAIL_HELP } from "./commands/tail.js";

export const MAIN_HELP = `Usage: eventwire <command> [options]

Commands:
  tail <url>        read an SSE stream of envelopes, one JSON line each
  decode            bytes or an SSE stream on stdin → JSON lines
  encode            JSON lines on stdin → JSON, Avro or Protobuf bytes, or SSE frames
  schemas check     the three schema languages of every event type agree
  generate          TypeScript types (and validators) from the schemas

Run eventwire <command> --help for a command's options.
Exit codes: 0 success, 1 bad input, 2 bad usage.`;

type Command = (args: readonly string[], context: CommandContext) => Promise<unknown>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  tail: { run: runTail, help: TAIL_HELP },
  decode: { run: runDecode, help: DECODE_HELP },
  encode: { run: runEncode, help: ENCODE_HELP },
  schemas: { run: runSchemas, help: SCHEMAS_HELP },
  generate: { run: runGenerate, help: GENERATE_HELP },
};

/**
 * Runs the `eventwire` command line with `argv` (without `node` and the script) and returns
 * the exit code: 0 success, 1 bad input (one line on stderr), 2 bad usage.
 */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? context.err : context.out)(`${MAIN_HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  try {
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    const code = await command.run(args, context);
    return typeof code === "number" ? code : EXIT.ok;
  } catch (error) {
    const failure = describeFailure(command === undefined ? "" : name, error);
    context.err(`${failure.line}\n`);
    return failure.code;
  }
}
