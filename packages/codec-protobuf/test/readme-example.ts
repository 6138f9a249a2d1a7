import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { createEnvelope } from "@eventwire/envelope-core";

const codec = createProtobufCodec({
  proto: `syntax = "proto3"; package acme.v1;
          message UserLogin { string user_id = 1; string ip = 2; }`,
  types: { user_login: "acme.v1.UserLogin" },
});
const bytes = codec.encode(
  createEnvelope({ event_type: "user_login", source: "auth", data: { user_id: "u1", ip: "::1" } }),
);
console.log(codec.decode(bytes).data); // { user_id: 'u1', ip: '::1' }: snake_case kept, a plain object
