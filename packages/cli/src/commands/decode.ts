import { type Envelope, EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";
import { createSseParser, type SseMessage } from "@eventwire/sse-frame";
import { parseCommandArgs, pickChoice } from "../args.js";
import { InputError } from "../cli-error.js";
import { decodeSseMessage, detectCodec, detectInput, NOTICE_EVENTS } from "../detect-format.js";
import { CODEC_NAMES, type CodecName, loadCodecs, type SchemaCodecs } from "../load-codecs.js";
import { formatEnvelope, type PrintOptions } from "../print-envelope.js";
import { peekInput, readAll, readDelimited, readLines } from "../read-input.js";
import type { CommandContext } from "./context.js";

export const DECODE_HELP = `Usage: eventwire decode [--schemas DIR] [--format auto|json|avro|protobuf] [--delimited] [--pretty]

Reads envelopes on stdin and writes each as one line of JSON on stdout.

Input:
  SSE text            one envelope per event (JSON as text, Avro and Protobuf as base64)
  JSON                one envelope per line (JSON lines)
  Avro or Protobuf    one envelope: the whole input; with --delimited, several, each
                      after its size as a varint (what \`eventwire encode --delimited\` writes)

Options:
  --schemas DIR   the schema directory (default ./schemas)
  --format F      auto (default) recognises SSE, JSON, Avro single-object encoding (C3 01)
                  and a Protobuf envelope from the first bytes
  --delimited     binary input is a stream of varint-length-prefixed envelopes
  --pretty        indented JSON, coloured on a terminal (NO_COLOR turns colour off)
  -h, --help      this text

Exit codes: 0 decoded, 1 bad input (the EnvelopeError on stderr), 2 bad usage.`;

const MAX_BYTES = 1024 * 1024;

/** `eventwire decode`. */
export async function runDecode(args: readonly string[], context: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(args, {
    schemas: { type: "string" },
    format: { type: "string" },
    delimited: { type: "boolean" },
    pretty: { type: "boolean" },
  });
  if (values.help) return context.out(`${DECODE_HELP}\n`);
  const format = pickChoice("format", values.format as string | undefined, ["auto", ...CODEC_NAMES], "auto");
  const codecs = loadCodecs((values.schemas as string | undefined) ?? context.defaultSchemas);
  const print: PrintOptions = { pretty: values.pretty === true, color: values.pretty === true && context.color };
  const write = (envelope: Envelope) => context.out(formatEnvelope(envelope, print));
  const input = await peekInput(context.stdin, 64);
  // --format names the codec; SSE is recognised either way, as the container of any codec.
  const detected = detectInput(input.head);
  const kind = format === "auto" || detected === "sse" ? detected : format;
  if (values.delimited) {
    let number = 0;
    await locatedStream(
      async () => {
        for await (const bytes of readDelimited(input.chunks, MAX_BYTES)) {
          number++;
          const name: CodecName = format === "auto" ? detectCodec(bytes) : format;
          write(located(() => codecs[name].decode(bytes), `envelope ${number}`));
        }
      },
      () => `envelope ${number + 1}`,
    );
    return;
  }
  if (kind === "sse") return decodeSse(input.chunks, codecs, format, write, context);
  if (kind === "json") {
    let number = 0;
    await locatedStream(
      async () => {
        for await (const line of readLines(input.chunks, MAX_BYTES)) {
          number = line.number;
          if (line.text.trim() === "") continue;
          write(located(() => decodeJsonLine(codecs, line.text), `line ${line.number}`));
        }
      },
      () => `line ${number + 1}`,
    );
    return;
  }
  const bytes = await locatedStream(
    () => readAll(input.chunks, MAX_BYTES),
    () => "input",
  );
  write(located(() => codecs[kind].decode(bytes), "input"));
}

function decodeJsonLine(codecs: SchemaCodecs, text: string): Envelope {
  return codecs.json.decodeText?.(text) ?? codecs.json.decode(new TextEncoder().encode(text));
}

async function decodeSse(
  chunks: AsyncIterable<Uint8Array>,
  codecs: SchemaCodecs,
  format: CodecName | "auto",
  write: (envelope: Envelope) => void,
  context: CommandContext,
): Promise<void> {
  const queue: SseMessage[] = [];
  const parser = createSseParser({ onMessage: (message) => queue.push(message) });
  let number = 0;
  const drain = () => {
    for (const message of queue.splice(0)) {
      if (NOTICE_EVENTS.has(message.event)) {
        context.err(`eventwire decode: ${message.event} ${message.data}\n`);
        continue;
      }
      number++;
      write(
        located(
          () => decodeSseMessage(message, codecs, format),
          `event ${number} (id ${JSON.stringify(message.lastEventId)})`,
        ),
      );
    }
  };
  await locatedStream(
    async () => {
      for await (const chunk of chunks) {
        parser.feed(chunk);
        drain();
      }
      parser.end();
      drain();
    },
    () => `event ${number + 1}`,
  );
}

/** Runs `decode`, naming where an EnvelopeError happened. */
function located<T>(decode: () => T, where: string): T {
  try {
    return decode();
  } catch (error) {
    if (isEnvelopeError(error)) throw new InputError(error, where);
    throw new InputError(new EnvelopeError("MALFORMED", (error as Error).message), where);
  }
}

/** Runs a reading loop; an EnvelopeError of the reader itself (a limit, a cut frame) is placed by `where`. */
async function locatedStream<T>(read: () => Promise<T>, where: () => string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isEnvelopeError(error)) throw new InputError(error, where());
    throw error;
  }
}
