/** What a command reads and writes: the process's streams in the CLI, anything in a test. */
export interface CommandContext {
  /** Standard input, as bytes. */
  readonly stdin: AsyncIterable<Uint8Array>;
  /** Writes to stdout. */
  out(chunk: string | Uint8Array): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** `--pretty` output is coloured (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
  /** `--schemas` when not given: `./schemas`. */
  readonly defaultSchemas: string;
  /** Aborted on Ctrl-C (SIGINT) and SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
}
