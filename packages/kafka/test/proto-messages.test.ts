// The two forms of a Protobuf schema in a registry, .proto source and protoc's FileDescriptorProto
// (base64), give every message the same indexes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { PROTO_MESSAGES } from "@eventwire/schemas";
import { describe, expect, it } from "vitest";
import { ProtoFileMessages } from "../src/proto-messages.js";
import { PROTO, TYPES } from "./fixtures.js";

function descriptorOf(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kafka-fd-"));
  try {
    writeFileSync(join(dir, "f.proto"), source);
    execFileSync("protoc", [`--proto_path=${dir}`, `--descriptor_set_out=${join(dir, "set.pb")}`, "f.proto"]);
    const file = fromBinary(FileDescriptorSetSchema, readFileSync(join(dir, "set.pb"))).file[0];
    if (!file) throw new Error("protoc wrote no file");
    return Buffer.from(toBinary(FileDescriptorProtoSchema, file)).toString("base64");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("ProtoFileMessages", () => {
  it.each(TYPES)("finds the same indexes in the source and in protoc's descriptor of %s", (type) => {
    const source = ProtoFileMessages.parse(PROTO[type]);
    const descriptor = ProtoFileMessages.parse(descriptorOf(PROTO[type]));
    const indexes = source.indexesOf(PROTO_MESSAGES[type]);
    expect(indexes).toBeDefined();
    expect(descriptor.indexesOf(PROTO_MESSAGES[type])).toEqual(indexes);
    expect(descriptor.nameAt(indexes ?? [])).toBe(PROTO_MESSAGES[type]);
  });

  it("answers undefined for a path past the file's messages, and refuses text that is neither form", () => {
    const file = ProtoFileMessages.parse(PROTO.user_login);
    expect(file.nameAt([5])).toBeUndefined();
    expect(file.nameAt([0, 3])).toBeUndefined();
    expect(() => ProtoFileMessages.parse("message {")).toThrow(TypeError);
  });
});
