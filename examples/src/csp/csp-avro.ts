// The Avro page: the codec's own option turns its generated readers and writers off; its schemas
// are parsed and resolved by its own code, which generates none.
import { createAvroCodec } from "@eventwire/codec-avro";
import { runCspPage } from "./csp-page.js";

runCspPage("avro", (schemas) => createAvroCodec({ types: schemas.avro, codeGeneration: false }));
