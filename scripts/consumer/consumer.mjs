// Runs in a scratch project outside the workspace, where the packed tarballs were installed with
// npm: imports every entry of every package from plain Node ESM, then sends one envelope through
// each codec and SSE (frameEnvelope, bytes, decodeEnvelopes) and back.
import { readFileSync } from "node:fs";
import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { createEnvelope } from "@eventwire/envelope-core";
import { decodeEnvelopes, frameEnvelope } from "@eventwire/sse-frame";

const specifiers = JSON.parse(readFileSync(new URL("./entries.json", import.meta.url), "utf8"));
for (const specifier of specifiers) {
  const module = await import(specifier);
  if (Object.keys(module).length === 0) throw new Error(`${specifier} exports nothing`);
}

async function* chunks(bytes) {
  yield bytes;
}

const codecs = [
  createJsonCodec({
    types: {
      ping: { type: "object", properties: { ip: { type: "string" } }, required: ["ip"], additionalProperties: false },
    },
  }),
  createAvroCodec({ types: { ping: { type: "record", name: "Ping", fields: [{ name: "ip", type: "string" }] } } }),
  createProtobufCodec({
    proto: 'syntax = "proto3"; package check; message Ping { string ip = 1; }',
    types: { ping: "check.Ping" },
  }),
];
const envelope = createEnvelope({ event_type: "ping", source: "consumer", data: { ip: "::1" } });
for (const codec of codecs) {
  const bytes = new TextEncoder().encode(frameEnvelope(envelope, codec));
  const back = [];
  for await (const decoded of decodeEnvelopes(chunks(bytes), codec)) back.push(decoded);
  if (back.length !== 1 || JSON.stringify(back[0]) !== JSON.stringify(envelope))
    throw new Error(`${codec.name}: the installed packages do not round-trip ${JSON.stringify(back)}`);
}
console.log(
  `consumer: ${specifiers.length} entries import from plain Node ${process.version}; ` +
    `${codecs.map((c) => c.name).join(", ")} round-trip through SSE`,
);
