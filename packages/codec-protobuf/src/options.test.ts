import { loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { createProtobufCodec, PROTOBUF_CODEC_DEFAULTS, type ProtobufCodec } from "./index.js";

const proto = Object.values(loadProtoSources());

describe("options", () => {
  it("takes root or proto; both do not compile, neither is a TypeError", () => {
    const root = new protobuf.Root();
    for (const source of proto) protobuf.parse(source, root, { keepCase: true });
    const fromRoot: ProtobufCodec = createProtobufCodec({ root, types: PROTO_MESSAGES });
    expect(fromRoot.name).toBe("protobuf");
    // @ts-expect-error: root and proto together are refused by the compiler.
    const both = () => createProtobufCodec({ root, proto, types: PROTO_MESSAGES });
    expect(both).toBeTypeOf("function");
    expect(() => createProtobufCodec({ types: PROTO_MESSAGES })).toThrowError(/root .* or proto/);
  });

  it("has frozen, documented defaults", () => {
    expect(PROTOBUF_CODEC_DEFAULTS).toEqual({ maxBytes: 1024 * 1024, codeGeneration: true });
    expect(Object.isFrozen(PROTOBUF_CODEC_DEFAULTS)).toBe(true);
  });
});
