import { exampleEnvelopes, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { captureEnvelopeError as refusal } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "./index.js";

const codec = createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES });
const login = exampleEnvelopes().user_login;

describe("data alone", () => {
  it("is the message that field 5 of the envelope holds, application/protobuf", () => {
    const bytes = codec.encodeData("user_login", login.data);
    expect(codec.dataContentType).toBe("application/protobuf");
    const envelope = codec.encode(login);
    // Field 5, a one-byte length, then the message: the envelope's last bytes.
    expect(envelope.subarray(-bytes.length - 2)).toEqual(Uint8Array.of(0x2a, bytes.length, ...bytes));
    expect(codec.decodeData("user_login", bytes)).toStrictEqual(login.data);
  });

  it.each<[string, () => unknown, string, string | undefined]>([
    ["encode: an unknown type", () => codec.encodeData("nope", {}), "UNKNOWN_EVENT_TYPE", "/event_type"],
    ["decode: an unknown type", () => codec.decodeData("nope", new Uint8Array()), "UNKNOWN_EVENT_TYPE", "/event_type"],
    [
      "encode: an undeclared field",
      () => codec.encodeData("user_login", { user_id: "u", ip: "i", x: 1 }),
      "INVALID_DATA",
      "/data/x",
    ],
    [
      "encode: a wrong type",
      () => codec.encodeData("user_login", { user_id: 1, ip: "i" }),
      "INVALID_DATA",
      "/data/user_id",
    ],
    [
      "decode: a truncated string",
      () => codec.decodeData("user_login", Uint8Array.of(0x0a, 5, 0x61)),
      "MALFORMED",
      "/data/user_id",
    ],
    [
      "decode: invalid UTF-8",
      () => codec.decodeData("user_login", Uint8Array.of(0x0a, 1, 0xff)),
      "MALFORMED",
      "/data/user_id",
    ],
  ])("%s is %s at %s", (_, run, code, path) => {
    const error = refusal(run);
    expect([error.code, error.path]).toEqual([code, path]);
    expect(error.eventType).toMatch(/^(nope|user_login)$/);
  });

  it("refuses input over maxBytes", () => {
    const small = createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES, maxBytes: 2 });
    expect(refusal(() => small.decodeData("user_login", Uint8Array.of(0x0a, 1, 0x61))).code).toBe("LIMIT_EXCEEDED");
  });
});
