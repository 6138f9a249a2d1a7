import { fromHttp, fromKafkaWithExtensions, toHttp, toKafka } from "@eventwire/cloudevents";
import { createAvroCodec } from "@eventwire/codec-avro";
import { createEnvelope } from "@eventwire/envelope-core";

const fields = [{ name: "user_id", type: "string" }];
const codec = createAvroCodec({ types: { user_login: { type: "record", name: "UserLogin", fields } } });
const timestamp = "2026-11-27T06:11:13.146123Z"; // microseconds, which the cloudevents SDK cuts
const envelope = createEnvelope({ event_type: "user_login", source: "/auth", data: { user_id: "u1" }, timestamp });
const { headers, body } = toHttp(envelope, codec); // binary mode: ce- headers, the Avro datum as the body
console.log(headers["ce-time"], headers["content-type"]); // 2026-11-27T06:11:13.146123Z application/avro
console.log(fromHttp({ headers, body }, codec).data); // { user_id: 'u1' }
const record = toKafka(envelope, codec, { mode: "structured", extensions: { traceparent: "00-4bf9-01" } });
console.log(fromKafkaWithExtensions(record, codec).extensions); // { traceparent: '00-4bf9-01' }
