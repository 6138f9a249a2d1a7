import { describe, expect, expectTypeOf, it } from "vitest";
import { canonicalEnvelope, createEnvelope, type Envelope, type EnvelopeOf } from "./envelope.js";
import { appendPointer, EnvelopeError, isEnvelopeError, toEnvelopeError } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isEnvelopeError(error) ? `${error.code} ${error.path}` : `not an EnvelopeError: ${String(error)}`;
  }
  return undefined;
}

describe("createEnvelope", () => {
  it("fills a random UUID and the current time, canonical", () => {
    const before = Date.now();
    const e = createEnvelope({ event_type: "t", source: "s", data: { a: 1 } });
    expect(e.event_id).toMatch(UUID);
    expect(createEnvelope({ event_type: "t", source: "s", data: 1 }).event_id).not.toBe(e.event_id);
    expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Object.keys(e)).toEqual(["event_id", "event_type", "timestamp", "source", "data"]);
  });

  it("keeps a given id and normalizes a given timestamp or Date", () => {
    const e = createEnvelope({
      event_id: "id-1",
      event_type: "t",
      source: "s",
      data: null,
      timestamp: "2023-09-15T14:34:56+02:00",
    });
    expect(e).toEqual({
      event_id: "id-1",
      event_type: "t",
      timestamp: "2023-09-15T12:34:56Z",
      source: "s",
      data: null,
    });
    expect(createEnvelope({ event_type: "t", source: "s", data: 0, timestamp: new Date(0) }).timestamp).toBe(
      "1970-01-01T00:00:00Z",
    );
  });

  it.each([
    [{ event_type: "", source: "s", data: 1 }, "INVALID_ENVELOPE /event_type"],
    [{ event_type: "t", source: "", data: 1 }, "INVALID_ENVELOPE /source"],
    [{ event_type: "t", source: "s", data: 1, event_id: "" }, "INVALID_ENVELOPE /event_id"],
    [{ event_type: "t", source: "\ud800", data: 1 }, "INVALID_ENVELOPE /source"],
    [{ event_type: "t", source: "s", data: 1, timestamp: "yesterday" }, "INVALID_ENVELOPE /timestamp"],
  ])("refuses %j", (init, expected) => {
    expect(codeOf(() => createEnvelope(init))).toBe(expected);
  });

  it("types the event_type literally", () => {
    const e = createEnvelope({ event_type: "user_login", source: "s", data: { ip: "::1" } });
    expectTypeOf(e.event_type).toEqualTypeOf<"user_login">();
    expectTypeOf(e.data).toEqualTypeOf<{ ip: string }>();
  });
});

describe("canonicalEnvelope", () => {
  const good: Envelope = {
    event_id: "i",
    event_type: "t",
    timestamp: "2023-01-01T00:00:00.000000Z",
    source: "s",
    data: 1,
  };

  it("returns a new canonical envelope and keeps data by reference", () => {
    const data = { x: [1] };
    const c = canonicalEnvelope({ ...good, data });
    expect(c.timestamp).toBe("2023-01-01T00:00:00Z");
    expect(c.data).toBe(data);
  });

  it.each([
    [null, "INVALID_ENVELOPE "],
    [[], "INVALID_ENVELOPE "],
    [{ ...good, event_id: 1 }, "INVALID_ENVELOPE /event_id"],
    [{ ...good, extra: true }, "INVALID_ENVELOPE /extra"],
    [{ event_id: "i", event_type: "t", timestamp: "2023-01-01T00:00:00Z", source: "s" }, "INVALID_ENVELOPE /data"],
    [{ ...good, timestamp: "2023-01-01T00:00:00" }, "INVALID_ENVELOPE /timestamp"],
  ])("refuses %j", (value, expected) => {
    expect(codeOf(() => canonicalEnvelope(value as Envelope))).toBe(expected);
  });

  it("names the event type of a bad timestamp", () => {
    try {
      canonicalEnvelope({ ...good, timestamp: "nope" });
    } catch (error) {
      expect(isEnvelopeError(error) && error.eventType).toBe("t");
    }
    expect.assertions(1);
  });
});

describe("EventMap typing", () => {
  interface Events {
    user_login: { user_id: string };
    order_placed: { total: number };
  }
  it("narrows data by event_type", () => {
    const handle = (e: EnvelopeOf<Events>) => (e.event_type === "order_placed" ? e.data.total : e.data.user_id);
    expectTypeOf(handle).returns.toEqualTypeOf<string | number>();
    expect(handle({ ...createEnvelope({ event_type: "order_placed", source: "s", data: { total: 2 } }) })).toBe(2);
  });
});

describe("EnvelopeError", () => {
  it("carries code, path and event type, and says them in the message", () => {
    const error = new EnvelopeError("INVALID_DATA", "must be string", { path: "/data/ip", eventType: "user_login" });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("EnvelopeError");
    expect(error.message).toBe('INVALID_DATA at /data/ip: must be string (event_type "user_login")');
    expect([error.code, error.path, error.eventType]).toEqual(["INVALID_DATA", "/data/ip", "user_login"]);
  });

  it("is recognised by name, also across copies of the package", () => {
    const foreign = Object.assign(new Error("x"), { name: "EnvelopeError", code: "MALFORMED" });
    expect(isEnvelopeError(foreign)).toBe(true);
    expect(isEnvelopeError(new TypeError("x"))).toBe(false);
    expect(isEnvelopeError({ name: "EnvelopeError", code: "MALFORMED" })).toBe(false);
  });

  it("wraps foreign errors with a cause, and leaves its own alone", () => {
    const own = new EnvelopeError("MALFORMED", "x");
    expect(toEnvelopeError(own, "INVALID_DATA")).toBe(own);
    const wrapped = toEnvelopeError(new RangeError("index out of range"), "MALFORMED");
    expect(wrapped.code).toBe("MALFORMED");
    expect(wrapped.cause).toBeInstanceOf(RangeError);
  });

  it("escapes JSON pointer segments", () => {
    expect(appendPointer("/data", "a/b~c")).toBe("/data/a~1b~0c");
    expect(appendPointer("", 0)).toBe("/0");
  });
});
