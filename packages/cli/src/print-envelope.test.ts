import { describe, expect, it } from "vitest";
import { detectInput } from "./detect-format.js";
import { formatEnvelope, shouldColor } from "./print-envelope.js";

const envelope = {
  event_id: "e",
  event_type: "t",
  timestamp: "2026-01-01T00:00:00Z",
  source: "s",
  data: { n: 1, ok: true },
};

describe("--pretty", () => {
  it("colours only on a TTY, and never when NO_COLOR is set to something", () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
  });

  it("writes one line plain, indented JSON pretty, and ANSI colours only when asked; the text stays the JSON", () => {
    expect(formatEnvelope(envelope, { pretty: false, color: false })).toBe(`${JSON.stringify(envelope)}\n`);
    const pretty = formatEnvelope(envelope, { pretty: true, color: false });
    expect(pretty).toBe(`${JSON.stringify(envelope, null, 2)}\n`);
    const colored = formatEnvelope(envelope, { pretty: true, color: true });
    expect(colored).toContain('\u001b[36m"event_id"\u001b[0m: \u001b[32m"e"\u001b[0m');
    expect(colored).toContain("\u001b[33mtrue\u001b[0m");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape codes are what is removed.
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(pretty);
  });
});

describe("--format auto", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it.each<[string, Uint8Array, string]>([
    ["Avro single-object encoding", Uint8Array.of(0xc3, 0x01, 1, 2), "avro"],
    ["JSON after white space and a BOM", Uint8Array.of(0xef, 0xbb, 0xbf, 0x20, 0x7b), "json"],
    ["SSE after blank lines", bytes("\n\nid: 1\ndata: x\n\n"), "sse"],
    ["an SSE comment", bytes(": keep-alive\n\n"), "sse"],
    ["a Protobuf envelope (tag 0x0A, then a length)", Uint8Array.of(0x0a, 0x24, 0x30), "protobuf"],
    [
      "Protobuf whose length byte spells ':' (0x3A) after a LF",
      Uint8Array.of(0x0a, 0x3a, 0x61, 0x12, 0x02),
      "protobuf",
    ],
  ])("%s", (_, head, kind) => {
    expect(detectInput(head)).toBe(kind);
  });
});
