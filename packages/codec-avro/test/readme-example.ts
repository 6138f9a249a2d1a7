import { createAvroCodec } from "@eventwire/codec-avro";
import { createEnvelope } from "@eventwire/envelope-core";

const userLogin = {
  type: "record",
  name: "UserLogin",
  fields: [
    { name: "user_id", type: "string" },
    { name: "ip", type: "string" },
  ],
} as const;
const codec = createAvroCodec({ types: { user_login: userLogin } });
const bytes = codec.encode(
  createEnvelope({ event_type: "user_login", source: "auth", data: { user_id: "u1", ip: "::1" } }),
);
console.log(bytes.subarray(0, 2), codec.decode(bytes).data); // Uint8Array(2) [ 195, 1 ] { user_id: 'u1', ip: '::1' }
