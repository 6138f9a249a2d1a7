import type { Envelope } from "@eventwire/envelope-core";
import { chromiumLaunchOptions } from "@eventwire/testkit";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMATS } from "../src/codecs.js";
import { consume } from "../src/consumer.js";
import { startExampleServer } from "../src/server.js";

const LIMIT = 12;

interface PageResults {
  eventSource: { event: string; data: string; lastEventId: string }[];
  parser: { event: string; data: string; lastEventId: string }[];
  envelopes: Envelope[];
  error?: string;
  done: boolean;
}

let server: Awaited<ReturnType<typeof startExampleServer>>;
const browsers: Record<"HTTP/2" | "HTTP/1.1", Browser | undefined> = { "HTTP/2": undefined, "HTTP/1.1": undefined };

beforeAll(async () => {
  server = await startExampleServer({ port: 0, host: "127.0.0.1", intervalMs: 0, certFile: undefined });
  // The example server's certificate is self-signed.
  browsers["HTTP/2"] = await chromium.launch(chromiumLaunchOptions({ ignoreCertificateErrors: true }));
  browsers["HTTP/1.1"] = await chromium.launch(
    chromiumLaunchOptions({ ignoreCertificateErrors: true, disableHttp2: true }),
  );
});

afterAll(async () => {
  await Promise.all(Object.values(browsers).map((b) => b?.close()));
  await server?.close();
});

async function openPage(protocol: keyof typeof browsers, query: string): Promise<PageResults> {
  const page = await (browsers[protocol] as Browser).newPage();
  try {
    await page.goto(`${server.url}/${query}`);
    await page.waitForFunction(() => (globalThis as { __eventwire?: PageResults }).__eventwire?.done === true);
    return (await page.evaluate(() => (globalThis as { __eventwire?: PageResults }).__eventwire)) as PageResults;
  } finally {
    await page.close();
  }
}

describe("headless Chromium against the example server", () => {
  for (const protocol of ["HTTP/2", "HTTP/1.1"] as const) {
    for (const format of FORMATS) {
      it(`${protocol}, ${format}: EventSource sees what the parser sees, and the page decodes the sent envelopes`, async () => {
        const before = server.protocols.length;
        const results = await openPage(protocol, `?format=${format}&limit=${LIMIT}`);
        expect(results.error).toBeUndefined();
        const entries = server.feed.entries().slice(0, LIMIT);
        const sent = entries.map((entry) => entry.envelope);
        expect(results.eventSource).toHaveLength(LIMIT);
        expect(results.eventSource).toEqual(results.parser);
        // The SSE id is the log position, so that any server on the log resumes the client.
        expect(results.eventSource.map((m) => [m.event, m.lastEventId])).toEqual(
          entries.map((entry) => [entry.envelope.event_type, entry.position]),
        );
        expect(results.envelopes).toEqual(sent);
        const used = server.protocols.slice(before);
        expect(used.length).toBeGreaterThanOrEqual(3);
        expect(new Set(used)).toEqual(new Set([protocol === "HTTP/2" ? "2.0" : "1.1"]));
      });
    }

    it(`${protocol}: on awkward SSE (BOM, CR, CRLF, NUL ids, invalid UTF-8), EventSource and the parser agree`, async () => {
      const results = await openPage(protocol, "?mode=conformance");
      expect(results.error).toBeUndefined();
      expect(results.parser.length).toBeGreaterThanOrEqual(10);
      expect(results.eventSource).toEqual(results.parser);
    });
  }
});

describe("the Node consumer", () => {
  it("reads envelopes over HTTP/2 with fetch and decodeEnvelopes, and resumes with Last-Event-ID", async () => {
    const sent = server.feed.snapshot();
    for (const format of FORMATS) {
      const first = await consume({ url: server.url, format, ca: server.cert, count: 5 });
      expect(first).toEqual(sent.slice(0, 5));
      const resumed = await consume({
        url: server.url,
        format,
        ca: server.cert,
        count: 3,
        lastEventId: server.feed.entries()[9]?.position,
      });
      expect(resumed).toEqual(sent.slice(10, 13));
    }
  });
});
