// After `pnpm build`: every package imports from plain Node 20 (no TypeScript loader) through its
// exports map, and a JSON, Avro and Protobuf round trip works from the built code.
import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { createEnvelope } from "@eventwire/envelope-core";
import { decodeBase64, frameEnvelope } from "@eventwire/sse-frame";

const schemas = {
  json: { type: "object", properties: { ip: { type: "string" } }, required: ["ip"], additionalProperties: false },
  avro: { type: "record", name: "Ping", fields: [{ name: "ip", type: "string" }] },
  proto: 'syntax = "proto3"; package check; message Ping { string ip = 1; }',
};
const codecs = [
  createJsonCodec({ types: { ping: schemas.json } }),
  createAvroCodec({ types: { ping: schemas.avro } }),
  createProtobufCodec({ proto: schemas.proto, types: { ping: "check.Ping" } }),
];
const envelope = createEnvelope({ event_type: "ping", source: "check", data: { ip: "::1" } });
for (const codec of codecs) {
  const frame = frameEnvelope(envelope, codec);
  const payload = frame.split("\n")[2].slice("data: ".length);
  const back = codec.binary ? codec.decode(decodeBase64(payload)) : codec.decodeText(payload);
  if (JSON.stringify(back) !== JSON.stringify(envelope))
    throw new Error(`${codec.name}: the built code does not round-trip`);
}
console.log(
  `dist: ${codecs.map((c) => c.name).join(", ")} and sse-frame import from plain Node ${process.version} and round-trip`,
);
