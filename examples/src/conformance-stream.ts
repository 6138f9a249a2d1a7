/**
 * A stream of awkward but valid SSE, for comparing a browser's EventSource with the parser on
 * the same bytes: a BOM, mixed line ends, comments, multi-line data, ids carried over, reset and
 * ignored (NUL), fields without a colon or with extra spaces, Unicode and invalid UTF-8, an
 * event with no data and an unterminated one at the end.
 */
const text = (s: string) => Array.from(new TextEncoder().encode(s));

export const CONFORMANCE_EVENT_NAMES = ["message", "login", "multi", "unicode", "ids", "spaces"] as const;

export const CONFORMANCE_STREAM: Uint8Array = Uint8Array.from([
  0xef,
  0xbb,
  0xbf,
  ...text(": a comment first\n"),
  ...text("data: plain\n\n"),
  ...text("event: login\r\nid: 1\r\ndata: crlf line ends\r\n\r\n"),
  ...text("event: multi\rdata: first\rdata:\rdata: third\r\r"),
  ...text("data: carries id 1\n\n"),
  ...text("event: unicode\ndata: żółw 🐢 €, 日本語\n\n"),
  ...text("event: unicode\ndata: bad "),
  0xff,
  0xe2,
  0x82,
  ...text(" bytes\n\n"),
  ...text("event: ids\nid: 2\u0000x\ndata: NUL id ignored, still 1\n\n"),
  ...text("event: ids\nid\ndata: id reset\n\n"),
  ...text("event: spaces\ndata:  two spaces\ndata:none\ndata\n\n"),
  ...text("event : ignored field\nunknown: x\ndata: after unknown fields\n\n"),
  ...text("id: 3\nevent: login\n\n"),
  ...text("data: after an event with no data\n\n"),
  ...text("data: unterminated at the end\n"),
]);
