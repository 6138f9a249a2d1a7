import { createJsonCodec } from "@eventwire/codec-json";
import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { unicodeStringArbitrary } from "@eventwire/envelope-core/testing";
import { ONE_LINE_TEXT } from "@eventwire/envelope-core/wire";
import { captureEnvelopeError } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "./base64.js";
import { formatComment, formatFrame, formatRetry, frameEnvelope } from "./format.js";
import { createSseParser } from "./parse.js";
import type { SseMessage } from "./types.js";

const FC = { seed: 10, numRuns: 1000 } as const;

function parseAll(text: string): { messages: SseMessage[]; comments: string[]; retries: number[] } {
  const out = { messages: [] as SseMessage[], comments: [] as string[], retries: [] as number[] };
  const parser = createSseParser({
    onMessage: (m) => out.messages.push(m),
    onComment: (c) => out.comments.push(c),
    onRetry: (r) => out.retries.push(r),
  });
  parser.feed(text);
  parser.end();
  return out;
}

describe("formatFrame", () => {
  it("writes id, event, retry, data and the blank line", () => {
    expect(formatFrame({ id: "42", event: "user_login", retry: 3000, data: '{"ip":"::1"}' })).toBe(
      'id: 42\nevent: user_login\nretry: 3000\ndata: {"ip":"::1"}\n\n',
    );
    expect(formatFrame({ data: "x" })).toBe("data: x\n\n");
  });

  it("splits multi-line data over data: lines, and it comes back byte for byte, trailing LF included", () => {
    expect(formatFrame({ data: "a\n\nb\n" })).toBe("data: a\ndata: \ndata: b\ndata: \n\n");
    fc.assert(
      fc.property(
        unicodeStringArbitrary(40).map((s) => s.replaceAll("\r", "\n")),
        (data) => {
          expect(parseAll(formatFrame({ data })).messages).toEqual([{ event: "message", data, lastEventId: "" }]);
        },
      ),
      FC,
    );
  });

  it("is one event with the same event name and id, whatever they hold short of a line break", () => {
    const safe = unicodeStringArbitrary(20).map((s) => s.replace(/[\r\n\0]/g, "_"));
    fc.assert(
      fc.property(safe, safe, safe, (id, event, data) => {
        expect(parseAll(formatFrame({ id, event, data })).messages).toEqual([
          { event: event === "" ? "message" : event, data, lastEventId: id },
        ]);
      }),
      FC,
    );
  });

  it.each<[string, Parameters<typeof formatFrame>[0], string]>([
    ["LF in event", { event: "a\nb", data: "x" }, "/event"],
    ["CR in event", { event: "a\rb", data: "x" }, "/event"],
    ["LF in id", { id: "1\n", data: "x" }, "/id"],
    ["NUL in id", { id: "1\u0000", data: "x" }, "/id"],
    ["CR in data", { data: "a\r\nb" }, "/data"],
    ["a negative retry", { data: "x", retry: -1 }, "/retry"],
    ["a fractional retry", { data: "x", retry: 1.5 }, "/retry"],
  ])("refuses %s", (_, frame, path) => {
    expect(captureEnvelopeError(() => formatFrame(frame))).toMatchObject({ code: "INVALID_ENVELOPE", path });
  });
});

describe("formatComment and formatRetry", () => {
  it("writes a heartbeat", () => {
    expect(formatComment("keep-alive")).toBe(": keep-alive\n\n");
    expect(formatComment()).toBe(":\n\n");
  });

  it("never turns a comment into an event, whatever its text", () => {
    fc.assert(
      fc.property(unicodeStringArbitrary(30), (text) => {
        const parsed = parseAll(formatComment(text));
        expect(parsed.messages).toEqual([]);
        expect(parsed.comments.join("\n")).toBe(text.replace(/\r\n|\r/g, "\n"));
      }),
      FC,
    );
  });

  it("writes retry on its own", () => {
    expect(formatRetry(5000)).toBe("retry: 5000\n\n");
    expect(parseAll(formatRetry(5000))).toMatchObject({ retries: [5000], messages: [] });
    expect(captureEnvelopeError(() => formatRetry(Number.NaN)).code).toBe("INVALID_ENVELOPE");
  });
});

describe("frameEnvelope", () => {
  const json = createJsonCodec({ types: {}, unknownTypes: "accept" });

  it("writes id, event and the text codec's JSON", () => {
    const e: Envelope = {
      event_id: "e1",
      event_type: "t",
      timestamp: "2024-01-01T00:00:00Z",
      source: "s",
      data: { a: 1 },
    };
    expect(frameEnvelope(e, json)).toBe(`id: e1\nevent: t\ndata: ${json.encodeText(e)}\n\n`);
  });

  it("scans the text of a codec that does not promise one line, and refuses a line break in it", () => {
    const e: Envelope = { event_id: "e1", event_type: "t", timestamp: "2024-01-01T00:00:00Z", source: "s", data: {} };
    // The JSON codec promises it (its text is JSON.stringify's); the injection test below holds it to that.
    expect(json[ONE_LINE_TEXT]).toBe(true);
    const { [ONE_LINE_TEXT]: _promise, ...unpromised } = json;
    const broken = { ...unpromised, encodeText: () => '{"a":1}\ndata: forged' };
    expect(captureEnvelopeError(() => frameEnvelope(e, broken))).toMatchObject({
      code: "INVALID_ENVELOPE",
      eventType: "t",
    });
    expect(frameEnvelope(e, unpromised)).toBe(frameEnvelope(e, json));
  });

  it("never turns one envelope into zero or several events, nor changes a field (injection)", () => {
    const anyString = unicodeStringArbitrary(24, 1);
    const hostile = fc.oneof(
      anyString,
      fc.constantFrom("\n\ndata: forged\n\n", "x\r\nevent: evil", "\u0000", "a\rb", "\n"),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (id, type, source, text) => {
        const e: Envelope = {
          event_id: id,
          event_type: type,
          timestamp: "2024-01-01T00:00:00Z",
          source,
          data: { text },
        };
        let frame: string;
        try {
          frame = frameEnvelope(e, json);
        } catch (error) {
          // Refused only for what SSE cannot carry in an id or event name.
          expect(/[\r\n]/.test(id) || id.includes("\0") || /[\r\n]/.test(type)).toBe(true);
          expect((error as Error).name).toBe("EnvelopeError");
          return;
        }
        const { messages } = parseAll(frame);
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatchObject({ event: type, lastEventId: id });
        expect(json.decodeText(messages[0]?.data ?? "")).toEqual(canonicalEnvelope(e));
      }),
      FC,
    );
  });
});

describe("base64", () => {
  it("round-trips any bytes as standard padded base64, and refuses anything else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      FC,
    );
    for (const bad of ["a", "ab=c", "ab-_", "abc", "ab==x", " YQ=="]) {
      expect(captureEnvelopeError(() => decodeBase64(bad)).code).toBe("MALFORMED");
    }
  });
});
