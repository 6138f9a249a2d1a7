import { checkSchemas, generateTypes, loadCodecs } from "@eventwire/cli";
import { createEnvelope } from "@eventwire/envelope-core";
import { SCHEMA_DIR } from "@eventwire/schemas"; // this repository's schemas/: events/*.schema.json, .avsc, .proto

const codecs = loadCodecs(SCHEMA_DIR); // { json, avro, protobuf }, each knowing every event type
const envelope = createEnvelope({ event_type: "user_login", source: "auth", data: { user_id: "u1", ip: "::1" } });
const bytes = codecs.avro.encode(envelope); // Avro single-object encoding
console.log(codecs.avro.decode(bytes).data); // { user_id: "u1", ip: "::1" }
console.log(checkSchemas(SCHEMA_DIR)); // [] when JSON Schema, Avro and Protobuf agree on every type
console.log(generateTypes(SCHEMA_DIR).includes("export interface Events {")); // the EventMap, for createJsonCodec<Events>
