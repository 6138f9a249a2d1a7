import { join } from "node:path";
import { EXAMPLE_TYPES, exampleEnvelopes, PROTO_MESSAGES, SCHEMA_DIR } from "@eventwire/schemas";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "../src/index.js";
import { loadProtoFiles } from "../src/node.js";

describe("loadProtoFiles (Node)", () => {
  it("loads .proto files from disk with field names kept, for createProtobufCodec({ root })", () => {
    const root = loadProtoFiles(EXAMPLE_TYPES.map((t) => join(SCHEMA_DIR, "events", `${t}.proto`)));
    const codec = createProtobufCodec({ root, types: PROTO_MESSAGES });
    for (const e of Object.values(exampleEnvelopes())) expect(codec.decode(codec.encode(e))).toStrictEqual(e);
    expect(root.lookupType(PROTO_MESSAGES.user_login).fieldsArray.map((f) => f.name)).toEqual(["user_id", "ip"]);
  });
});
