import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Envelope, isTextCodec } from "@eventwire/envelope-core";
import { createSseParser, decodeBase64, type SseMessage } from "@eventwire/sse-frame";
import { Agent, fetch } from "undici";
import { FORMATS, type Format, makeCodecs, type SchemaSet } from "./codecs.js";

/** Options of {@link consume}. */
export interface ConsumeOptions {
  /** The server, e.g. `https://localhost:8443`. */
  url: string;
  format: Format;
  /** The server's certificate (PEM), which is all this client trusts. */
  ca: string;
  /** Stop after this many envelopes. */
  count: number;
  /** Resume after this SSE id, the log position (sent as Last-Event-ID). */
  lastEventId?: string | undefined;
  onEnvelope?(envelope: Envelope): void;
}

/**
 * Reads envelopes from the example server with `fetch` and the SDK's SSE parser, over HTTP/2
 * when the server offers it, and reconnects with `Last-Event-ID` (the id of the last frame: a
 * log position, not the envelope's event_id) when the stream ends early.
 */
export async function consume(options: ConsumeOptions): Promise<Envelope[]> {
  const dispatcher = new Agent({ connect: { ca: options.ca }, allowH2: true });
  try {
    const schemas = (await (await fetch(`${options.url}/schemas.json`, { dispatcher })).json()) as SchemaSet;
    const codec = makeCodecs(schemas)[options.format];
    const received: Envelope[] = [];
    let lastEventId = options.lastEventId;
    while (received.length < options.count) {
      const response = await fetch(`${options.url}/events?format=${options.format}`, {
        dispatcher,
        headers: lastEventId === undefined ? {} : { "last-event-id": lastEventId },
      });
      if (!response.ok || response.body === null) throw new Error(`the server answered ${response.status}`);
      const messages: SseMessage[] = [];
      const parser = createSseParser({ onMessage: (message) => messages.push(message) });
      for await (const chunk of response.body) {
        parser.feed(chunk);
        for (const message of messages.splice(0)) {
          // eventwire.gap / eventwire.dropped / eventwire.error are notices, not envelopes.
          if (message.event.startsWith("eventwire.") || received.length >= options.count) continue;
          const envelope = isTextCodec(codec)
            ? codec.decodeText(message.data)
            : codec.decode(decodeBase64(message.data));
          received.push(envelope);
          lastEventId = message.lastEventId;
          options.onEnvelope?.(envelope);
        }
        if (received.length >= options.count) break;
      }
    }
    return received;
  } finally {
    await dispatcher.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "https://localhost:8443" },
      format: { type: "string", default: "json" },
      count: { type: "string", default: "25" },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new Error(`--format must be one of ${FORMATS.join(", ")}`);
  const ca = readFileSync(fileURLToPath(new URL("../.certs/localhost.pem", import.meta.url)), "utf8");
  await consume({
    url: values.url,
    format,
    ca,
    count: Number(values.count),
    onEnvelope: (e) =>
      process.stdout.write(`${e.event_id} ${e.timestamp} ${e.event_type} ${JSON.stringify(e.data).slice(0, 80)}\n`),
  });
}
