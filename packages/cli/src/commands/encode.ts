import { createEnvelope, type Envelope, EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";
import { frameEnvelope } from "@eventwire/sse-frame";
import { parseCommandArgs, pickChoice } from "../args.js";
import { InputError, UsageError } from "../cli-error.js";
import { CODEC_NAMES, loadCodecs } from "../load-codecs.js";
import { delimit, readLines } from "../read-input.js";
import type { CommandContext } from "./context.js";

export const ENCODE_HELP = `Usage: eventwire encode --format json|avro|protobuf [--sse] [--delimited] [--schemas DIR]

Reads envelopes as JSON lines on stdin and writes them in a codec's encoding on stdout.
A line without event_id or timestamp gets a random UUID and the current time.

Output:
  json                 one envelope a line (the codec's canonical JSON)
  avro, protobuf       the envelope's bytes; one envelope only, unless --sse or --delimited
  --sse                SSE frames (id, event, data; base64 for the binary codecs)
  --delimited          binary envelopes, each after its size as a varint

Options:
  --format F      the codec (required)
  --schemas DIR   the schema directory (default ./schemas)
  -h, --help      this text

Exit codes: 0 encoded, 1 bad input (the EnvelopeError on stderr, with the line number), 2 bad usage.`;

const MAX_LINE_BYTES = 1024 * 1024;

/** `eventwire encode`. */
export async function runEncode(args: readonly string[], context: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(args, {
    schemas: { type: "string" },
    format: { type: "string" },
    sse: { type: "boolean" },
    delimited: { type: "boolean" },
  });
  if (values.help) return context.out(`${ENCODE_HELP}\n`);
  if (values.format === undefined) throw new UsageError("--format is required");
  const format = pickChoice("format", values.format as string, CODEC_NAMES, "json");
  if (values.sse && values.delimited) throw new UsageError("--sse and --delimited exclude each other");
  const codec = loadCodecs((values.schemas as string | undefined) ?? context.defaultSchemas)[format];
  const single = codec.binary && !values.sse && !values.delimited;
  let held: Uint8Array | undefined;
  let last = 0;
  try {
    for await (const line of readLines(context.stdin, MAX_LINE_BYTES)) {
      last = line.number;
      if (line.text.trim() === "") continue;
      const envelope = parseLine(line.text, line.number);
      if (values.sse) {
        context.out(located(() => frameEnvelope(envelope, codec), line.number));
        continue;
      }
      const bytes = located(() => codec.encode(envelope), line.number);
      if (!codec.binary) context.out(`${new TextDecoder().decode(bytes)}\n`);
      else if (values.delimited) context.out(delimit(bytes));
      else if (held === undefined) held = bytes;
      else
        throw new UsageError(
          `${format} without --sse or --delimited writes one envelope; line ${line.number} is another`,
        );
    }
  } catch (error) {
    if (isEnvelopeError(error)) throw new InputError(error, `line ${last + 1}`);
    throw error;
  }
  if (single && held !== undefined) context.out(held);
}

function parseLine(text: string, number: number): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(new EnvelopeError("MALFORMED", `not JSON: ${(error as Error).message}`), `line ${number}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(
      new EnvelopeError("INVALID_ENVELOPE", "a line must hold one JSON object", { path: "" }),
      `line ${number}`,
    );
  }
  const record = value as Record<string, unknown>;
  if (record.event_id !== undefined && record.timestamp !== undefined) return record as unknown as Envelope;
  // Kept whole, so that a field the envelope does not have is refused by the codec, not dropped.
  return located(() => ({ ...record, ...createEnvelope(record as never) }) as Envelope, number);
}

function located<T>(run: () => T, number: number): T {
  try {
    return run();
  } catch (error) {
    if (isEnvelopeError(error)) throw new InputError(error, `line ${number}`);
    throw error;
  }
}
