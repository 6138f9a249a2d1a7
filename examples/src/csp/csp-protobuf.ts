// The Protobuf page: eventwire's own generated readers and writers turned off (compileWith).
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { compileWith } from "@eventwire/envelope-core/wire";
import { runCspPage } from "./csp-page.js";

runCspPage("protobuf", (schemas) =>
  compileWith(false, () => createProtobufCodec({ proto: schemas.proto, types: schemas.protoMessages })),
);
