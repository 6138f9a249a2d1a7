import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import { captureEnvelopeError as refusal } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createJsonCodec } from "./index.js";

const codec = createJsonCodec({ types: loadJsonSchemas() });
const login = exampleEnvelopes().user_login;
const text = (value: string) => new TextEncoder().encode(value);

describe("data alone", () => {
  it("is the JSON text of data, application/json", () => {
    expect(codec.dataContentType).toBe("application/json");
    expect(new TextDecoder().decode(codec.encodeData("user_login", login.data))).toBe(JSON.stringify(login.data));
    expect(codec.decodeData("user_login", codec.encodeData("user_login", login.data))).toStrictEqual(login.data);
  });

  it.each<[string, () => unknown, string, string | undefined]>([
    ["encode: an unknown type", () => codec.encodeData("nope", {}), "UNKNOWN_EVENT_TYPE", "/event_type"],
    ["decode: an unknown type", () => codec.decodeData("nope", text("{}")), "UNKNOWN_EVENT_TYPE", "/event_type"],
    ["encode: an empty type", () => codec.encodeData("", {}), "INVALID_ENVELOPE", "/event_type"],
    ["encode: a missing field", () => codec.encodeData("user_login", { user_id: "u" }), "INVALID_DATA", "/data/ip"],
    [
      "decode: an undeclared field",
      () => codec.decodeData("user_login", text('{"user_id":"u","ip":"i","x":1}')),
      "INVALID_DATA",
      "/data/x",
    ],
    ["decode: not JSON", () => codec.decodeData("user_login", text("{")), "MALFORMED", "/data"],
    ["decode: invalid UTF-8", () => codec.decodeData("user_login", Uint8Array.of(0xff)), "MALFORMED", "/data"],
  ])("%s is %s at %s", (_, run, code, path) => {
    const error = refusal(run);
    expect([error.code, error.path]).toEqual([code, path]);
    if (code !== "INVALID_ENVELOPE") expect(error.eventType).toMatch(/^(nope|user_login)$/);
  });

  it("refuses input over maxBytes before parsing it", () => {
    const small = createJsonCodec({ types: loadJsonSchemas(), maxBytes: 8 });
    expect(refusal(() => small.decodeData("user_login", text('{"user_id":"u","ip":"i"}'))).code).toBe("LIMIT_EXCEEDED");
  });
});
