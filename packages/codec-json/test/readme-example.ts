import { createJsonCodec } from "@eventwire/codec-json";
import { createEnvelope } from "@eventwire/envelope-core";

const userLogin = {
  type: "object",
  properties: { user_id: { type: "string" }, ip: { type: "string" } },
  required: ["user_id", "ip"],
  additionalProperties: false,
};
const codec = createJsonCodec({ types: { user_login: userLogin } });
const bytes = codec.encode(
  createEnvelope({ event_type: "user_login", source: "auth", data: { user_id: "u1", ip: "::1" } }),
);
console.log(codec.decode(bytes).data); // { user_id: 'u1', ip: '::1' }, validated
