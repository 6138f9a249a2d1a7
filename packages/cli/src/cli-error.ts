import { type EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";

/** Bad usage: an unknown flag, a missing argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An `EnvelopeError` and where in the input it happened ("line 3", "event 2 (id 7)"). Exit code 1. */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly error: EnvelopeError;
  readonly where: string;

  constructor(error: EnvelopeError, where: string) {
    super(`${where}: ${error.message}`);
    this.error = error;
    this.where = where;
  }
}

/** Exit codes: 0 success, 1 bad input, 2 bad usage. */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

/** The one line that goes to stderr for `error`, and the exit code. */
export function describeFailure(command: string, error: unknown): { line: string; code: number } {
  const prefix = `eventwire ${command}`.trim();
  if (error instanceof UsageError) {
    return { line: `${prefix}: ${error.message} (see ${prefix} --help)`, code: EXIT.usage };
  }
  if (error instanceof InputError) return { line: oneLine(`${prefix}: ${error.message}`), code: EXIT.input };
  if (isEnvelopeError(error)) return { line: oneLine(`${prefix}: ${error.message}`), code: EXIT.input };
  const message = error instanceof Error ? error.message : String(error);
  return { line: oneLine(`${prefix}: ${message}`), code: EXIT.input };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
