import { exampleEnvelopes, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "./index.js";

// One rule for every tag: a tag varint longer than 32 bits is MALFORMED, even when its low 32 bits
// spell a known field. `long(tag)` is `tag` stretched to six bytes, bit 35 set.
const codec = createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES });
const login = exampleEnvelopes().user_login;
const long = (tag: number) => [tag | 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];

describe("a tag varint longer than 32 bits", () => {
  it("is refused in the envelope", () => {
    const bytes = codec.encode(login);
    expect(bytes[0]).toBe(0x0a);
    const error = captureEnvelopeError(() => codec.decode(Uint8Array.of(...long(0x0a), ...bytes.subarray(1))));
    expect(error.code).toBe("MALFORMED");
  });

  it("is refused in the timestamp", () => {
    // event_id "e", event_type, the timestamp message given, source "s", the data.
    const type = new TextEncoder().encode("user_login");
    const data = codec.encodeData("user_login", login.data);
    const withTimestamp = (timestamp: number[]) =>
      Uint8Array.of(
        0x0a,
        1,
        0x65,
        0x12,
        type.length,
        ...type,
        0x1a,
        timestamp.length,
        ...timestamp,
        0x22,
        1,
        0x73,
        0x2a,
        data.length,
        ...data,
      );
    // seconds: 1 with the short tag decodes: only the tag's length is at fault below.
    expect(codec.decode(withTimestamp([0x08, 1])).timestamp).toBe("1970-01-01T00:00:01Z");
    const error = captureEnvelopeError(() => codec.decode(withTimestamp([...long(0x08), 1])));
    expect([error.code, error.path]).toEqual(["MALFORMED", "/timestamp"]);
  });

  it("is refused in the data", () => {
    const data = codec.encodeData("user_login", login.data);
    const error = captureEnvelopeError(() =>
      codec.decodeData("user_login", Uint8Array.of(...long(data[0] as number), ...data.subarray(1))),
    );
    expect(error.code).toBe("MALFORMED");
  });
});
