import { createAvroCodec } from "@eventwire/codec-avro";
import { createEnvelope } from "@eventwire/envelope-core";
import { avroDataSchema, createKafkaSerde, memoryRegistry } from "@eventwire/kafka";

const userLogin = { type: "record", name: "UserLogin", fields: [{ name: "ip", type: "string" }] } as const;
const codec = createAvroCodec({ types: { user_login: userLogin } });
const schemas = { user_login: avroDataSchema(userLogin) }; // the data schema to register
const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas });
const envelope = createEnvelope({ event_type: "user_login", source: "auth", data: { ip: "::1" } });
const message = await serde.serialize("logins", envelope); // { key: event_id, value, headers: ce_* }
console.log(message.headers.ce_type, message.value.subarray(0, 5)); // 0x00, schema id 1 big-endian
console.log((await serde.deserialize("logins", message)).data); // { ip: '::1' }
