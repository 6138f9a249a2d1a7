import { createServer } from "node:http";
import { createJsonCodec } from "@eventwire/codec-json";
import { createEnvelope } from "@eventwire/envelope-core";
import { decodeEnvelopes, formatComment, frameEnvelope } from "@eventwire/sse-frame";

const codec = createJsonCodec({ types: {}, unknownTypes: "accept" });
// Producer: one frame per envelope, and a heartbeat.
const server = createServer((_, res) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(frameEnvelope(createEnvelope({ event_type: "user_login", source: "auth", data: { ip: "::1" } }), codec));
  res.end(formatComment("keep-alive"));
}).listen(0);
await new Promise((resolve) => server.once("listening", resolve));
// Consumer: fetch the stream, get envelopes back.
const { port } = server.address() as { port: number };
const response = await fetch(`http://127.0.0.1:${port}/`);
for await (const envelope of decodeEnvelopes(response.body as ReadableStream<Uint8Array>, codec)) {
  console.log(envelope.event_type, envelope.data); // user_login { ip: '::1' }
}
server.close();
