import { loadAvroSchemas, loadJsonSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import type { SchemaSet } from "./codecs.js";

/** The example schemas, read from `schemas/` (Node only). */
export function loadSchemaSet(): SchemaSet {
  return {
    json: loadJsonSchemas(),
    avro: loadAvroSchemas(),
    proto: Object.values(loadProtoSources()),
    protoMessages: { ...PROTO_MESSAGES },
  };
}
