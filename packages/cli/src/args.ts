import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./cli-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseCommandArgs} returns: flag values by name, and the positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** `parseArgs`, strict, with its errors turned into {@link UsageError} (exit code 2); `-h`/`--help` always. */
export function parseCommandArgs(args: readonly string[], options: Options): ParsedArgs {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0] ?? String(error));
  }
}

/** The value of a flag that must be one of `choices`. */
export function pickChoice<C extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly C[],
  fallback: C,
): C {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new UsageError(`--${flag} must be one of ${choices.join(", ")}, not ${JSON.stringify(value)}`);
}

/** A positive integer flag. */
export function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw new UsageError(`--${flag} must be a positive integer, not ${JSON.stringify(value)}`);
  return Number(value);
}
