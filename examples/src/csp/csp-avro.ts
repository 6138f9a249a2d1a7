// The Avro page: eventwire's own generated readers and writers turned off (compileWith).
import { createAvroCodec } from "@eventwire/codec-avro";
import { compileWith } from "@eventwire/envelope-core/wire";
import { runCspPage } from "./csp-page.js";

runCspPage("avro", (schemas) => compileWith(false, () => createAvroCodec({ types: schemas.avro as never })));
