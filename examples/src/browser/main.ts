// The example page: the browser's own EventSource and the SDK (fetch + parser + codecs) read
// the same stream; the page shows the decoded envelopes and leaves what both saw on
// `window.__eventwire` for the tests.
import type { Envelope } from "@eventwire/envelope-core";
import { createSseParser, decodeEnvelopes, type SseMessage } from "@eventwire/sse-frame";
import { FORMATS, type Format, makeCodecs, type SchemaSet } from "../codecs.js";
import { CONFORMANCE_EVENT_NAMES } from "../conformance-stream.js";
import { EXAMPLE_TYPES } from "./example-types.js";

interface Results {
  eventSource: SseMessage[];
  parser: SseMessage[];
  envelopes: Envelope[];
  error?: string;
  done: boolean;
}

const results: Results = { eventSource: [], parser: [], envelopes: [], done: false };
(globalThis as { __eventwire?: Results }).__eventwire = results;
const status = document.getElementById("status") as HTMLElement;
const list = document.getElementById("events") as HTMLElement;

/** Everything an EventSource dispatches until the server ends the stream. */
function readWithEventSource(url: string, names: readonly string[]): Promise<SseMessage[]> {
  return new Promise((resolve) => {
    const seen: SseMessage[] = [];
    const source = new EventSource(url);
    for (const name of names) {
      source.addEventListener(name, (event) => {
        const e = event as MessageEvent<string>;
        seen.push({ event: e.type, data: e.data, lastEventId: e.lastEventId });
      });
    }
    // The server ends each stream; EventSource reports that as an error, then would reconnect.
    source.onerror = () => {
      source.close();
      resolve(seen);
    };
  });
}

/** The same stream through the SDK's parser. */
async function readWithParser(url: string): Promise<SseMessage[]> {
  const seen: SseMessage[] = [];
  const parser = createSseParser({ onMessage: (m) => seen.push(m) });
  const response = await fetch(url);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser.feed(chunk.value);
  parser.end();
  return seen;
}

function show(text: string, ok = true): void {
  const item = document.createElement("li");
  item.textContent = text;
  item.className = ok ? "ok" : "bad";
  list.append(item);
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (params.get("mode") === "conformance") {
    results.eventSource = await readWithEventSource("/conformance", CONFORMANCE_EVENT_NAMES);
    results.parser = await readWithParser("/conformance");
    for (const m of results.parser) show(`${m.event} ${JSON.stringify(m.data)} (id ${JSON.stringify(m.lastEventId)})`);
    status.textContent = `conformance: EventSource saw ${results.eventSource.length} events, the parser ${results.parser.length}`;
    return;
  }
  const format = (params.get("format") ?? "json") as Format;
  if (!FORMATS.includes(format)) throw new Error(`format must be one of ${FORMATS.join(", ")}`);
  const limit = params.get("limit") ?? "12";
  const url = `/events?format=${format}&limit=${limit}`;
  const schemas = (await (await fetch("/schemas.json")).json()) as SchemaSet;
  const codec = makeCodecs(schemas)[format];
  results.eventSource = await readWithEventSource(url, [...EXAMPLE_TYPES, "message"]);
  results.parser = await readWithParser(url);
  const response = await fetch(url);
  for await (const envelope of decodeEnvelopes(response.body as ReadableStream<Uint8Array>, codec)) {
    results.envelopes.push(envelope);
    show(`${envelope.event_id} ${envelope.event_type} ${JSON.stringify(envelope.data).slice(0, 100)}`);
  }
  status.textContent = `${format}: ${results.envelopes.length} envelopes decoded in the browser`;
}

main()
  .catch((error: unknown) => {
    results.error = String(error);
    status.textContent = `error: ${String(error)}`;
    status.className = "bad";
  })
  .finally(() => {
    results.done = true;
  });
