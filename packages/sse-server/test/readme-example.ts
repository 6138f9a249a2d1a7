import { createServer } from "node:http";
import { createJsonCodec } from "@eventwire/codec-json";
import { createEnvelope } from "@eventwire/envelope-core";
import { decodeEnvelopes } from "@eventwire/sse-frame";
import { createMemoryLog, createSseHandler } from "@eventwire/sse-server";

const log = createMemoryLog({ capacity: 10_000 });
const json = createJsonCodec({ types: {}, unknownTypes: "accept" });
const server = createServer(createSseHandler({ log, codecs: { json } })).listen(0);
await new Promise((resolve) => server.once("listening", resolve));
const first = await log.append(createEnvelope({ event_type: "user_login", source: "auth", data: { ip: "::1" } }));
await log.append(createEnvelope({ event_type: "user_login", source: "auth", data: { ip: "::2" } }));
// Resume after `first` (EventSource sends Last-Event-ID by itself); ?limit=1 ends the stream.
const { port } = server.address() as { port: number };
const response = await fetch(`http://127.0.0.1:${port}/events?lastEventId=${first}&limit=1`);
for await (const envelope of decodeEnvelopes(response.body as ReadableStream<Uint8Array>, json)) {
  console.log(envelope.event_type, envelope.data); // user_login { ip: '::2' }
}
server.close();
