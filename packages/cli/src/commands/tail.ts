import { setTimeout as sleep } from "node:timers/promises";
import { type Envelope, isEnvelopeError } from "@eventwire/envelope-core";
import { createSseParser, type SseMessage } from "@eventwire/sse-frame";
import { parseCommandArgs, parseCount, pickChoice } from "../args.js";
import { InputError, UsageError } from "../cli-error.js";
import { decodeSseMessage, NOTICE_EVENTS } from "../detect-format.js";
import { CODEC_NAMES, type CodecName, loadCodecs, type SchemaCodecs } from "../load-codecs.js";
import { openEventStream } from "../open-event-stream.js";
import { formatEnvelope, type PrintOptions } from "../print-envelope.js";
import type { CommandContext } from "./context.js";

export const TAIL_HELP = `Usage: eventwire tail <url> [--schemas DIR] [--types a,b] [--count N] [--last-event-id ID]
                      [--insecure] [--format json|avro|protobuf] [--pretty]

Reads an SSE stream over HTTP/1.1 or HTTP/2 (TLS, chosen by ALPN) and writes each envelope as
one line of JSON on stdout. When the connection drops, it reconnects after the server's
retry: (default 1000 ms) with Last-Event-ID, as a browser's EventSource does. The server's
eventwire.gap and eventwire.dropped events are reported on stderr. Ctrl-C exits with 0.

Options:
  --schemas DIR        the schema directory (default ./schemas)
  --types a,b          only these event types (sent as ?types=, and filtered here too)
  --count N            stop after N envelopes
  --last-event-id ID   resume after this id
  --format F           ask the server for this codec (?format=); default: the server's
                       default, recognised per event
  --insecure           accept a certificate that does not verify (self-signed)
  --pretty             indented JSON, coloured on a terminal (NO_COLOR turns colour off)
  -h, --help           this text

Exit codes: 0 done or interrupted, 1 bad input or an HTTP error, 2 bad usage.`;

const DEFAULT_RETRY_MS = 1000;

interface TailState {
  lastEventId: string | undefined;
  retryMs: number;
  printed: number;
  events: number;
}

/** `eventwire tail`. */
export async function runTail(args: readonly string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, {
    schemas: { type: "string" },
    types: { type: "string" },
    count: { type: "string" },
    "last-event-id": { type: "string" },
    insecure: { type: "boolean" },
    format: { type: "string" },
    pretty: { type: "boolean" },
  });
  if (values.help) return context.out(`${TAIL_HELP}\n`);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "missing the <url>" : "one <url> only");
  const url = parseUrl(positionals[0] as string);
  const format =
    values.format === undefined ? "auto" : pickChoice("format", values.format as string, CODEC_NAMES, "json");
  const types = (values.types as string | undefined)?.split(",").filter((t) => t !== "");
  if (format !== "auto") url.searchParams.set("format", format);
  if (types !== undefined) url.searchParams.set("types", types.join(","));
  const count = parseCount("count", values.count as string | undefined);
  const codecs = loadCodecs((values.schemas as string | undefined) ?? context.defaultSchemas);
  const print: PrintOptions = { pretty: values.pretty === true, color: values.pretty === true && context.color };
  const state: TailState = {
    lastEventId: values["last-event-id"] as string | undefined,
    retryMs: DEFAULT_RETRY_MS,
    printed: 0,
    events: 0,
  };
  const done = new AbortController();
  const signal = AbortSignal.any([context.signal, done.signal]);
  const show = (envelope: Envelope) => {
    if (types !== undefined && !types.includes(envelope.event_type)) return;
    context.out(formatEnvelope(envelope, print));
    if (++state.printed === count) done.abort();
  };
  for (let attempt = 0; !signal.aborted; attempt++) {
    const ended = await readOnce(url, values.insecure === true, state, {
      codecs,
      format,
      show,
      context,
      signal,
      first: attempt === 0,
    });
    if (ended === "stop" || signal.aborted) return;
    context.err(
      `eventwire tail: the stream ended; reconnecting in ${state.retryMs} ms after ${state.lastEventId ?? "(start)"}\n`,
    );
    await sleep(state.retryMs, undefined, { signal }).catch(() => undefined);
  }
}

interface ReadContext {
  readonly codecs: SchemaCodecs;
  readonly format: CodecName | "auto";
  readonly show: (envelope: Envelope) => void;
  readonly context: CommandContext;
  readonly signal: AbortSignal;
  readonly first: boolean;
}

/** One connection: reads until it ends. "stop" when the server says not to reconnect (204). */
async function readOnce(url: URL, insecure: boolean, state: TailState, read: ReadContext): Promise<"stop" | "again"> {
  const headers: Record<string, string> = state.lastEventId === undefined ? {} : { "last-event-id": state.lastEventId };
  let response: Awaited<ReturnType<typeof openEventStream>>;
  try {
    response = await openEventStream(url, { headers, insecure, signal: read.signal });
  } catch (error) {
    if (read.signal.aborted) return "stop";
    // The first connection failing is a mistake in the URL or the server; later ones are drops.
    if (read.first) throw new Error(`cannot connect to ${url.origin}: ${(error as Error).message}`);
    read.context.err(`eventwire tail: ${(error as Error).message}\n`);
    return "again";
  }
  if (response.status === 204) return "stop";
  if (response.status !== 200) {
    response.close();
    if (response.status >= 500 || response.status === 429) return "again";
    throw new Error(`HTTP ${response.status} from ${url.href}`);
  }
  const parser = createSseParser({
    onMessage: (message) => handle(message, state, read),
    onRetry: (ms) => {
      state.retryMs = ms;
    },
  });
  try {
    for await (const chunk of response.body) {
      parser.feed(chunk);
      if (read.signal.aborted) break;
    }
  } catch (error) {
    if (isEnvelopeError(error)) throw new InputError(error, `event ${state.events + 1}`);
    throw error;
  } finally {
    response.close();
  }
  return "again";
}

function handle(message: SseMessage, state: TailState, read: ReadContext): void {
  if (read.signal.aborted) return;
  state.lastEventId = message.lastEventId === "" ? state.lastEventId : message.lastEventId;
  if (NOTICE_EVENTS.has(message.event)) {
    read.context.err(`eventwire tail: ${message.event} ${message.data}\n`);
    return;
  }
  state.events++;
  try {
    read.show(decodeSseMessage(message, read.codecs, read.format));
  } catch (error) {
    const where = `event ${state.events} (id ${JSON.stringify(message.lastEventId)})`;
    if (isEnvelopeError(error)) throw new InputError(error, where);
    throw error;
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new UsageError(`${JSON.stringify(text)} is not a URL`);
  }
}
