import type { Envelope } from "@eventwire/envelope-core";

/** How envelopes are written to stdout. */
export interface PrintOptions {
  /** Indented JSON instead of one line. */
  pretty: boolean;
  /** ANSI colours (only with `pretty`): when stdout is a terminal and `NO_COLOR` is not set. */
  color: boolean;
}

/** Whether `--pretty` output is coloured: stdout is a TTY and NO_COLOR (https://no-color.org) is unset or empty. */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

const COLORS = { key: "\u001b[36m", string: "\u001b[32m", literal: "\u001b[33m", reset: "\u001b[0m" };
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** One envelope as text, ending in a newline. */
export function formatEnvelope(envelope: Envelope, options: PrintOptions): string {
  if (!options.pretty) return `${JSON.stringify(envelope)}\n`;
  const text = JSON.stringify(envelope, null, 2);
  return `${options.color ? colorJson(text) : text}\n`;
}

function colorJson(text: string): string {
  return text.replace(TOKEN, (match, string: string | undefined, colon: string | undefined) => {
    if (string !== undefined) {
      return colon === undefined
        ? `${COLORS.string}${string}${COLORS.reset}`
        : `${COLORS.key}${string}${COLORS.reset}${colon}`;
    }
    return `${COLORS.literal}${match}${COLORS.reset}`;
  });
}
