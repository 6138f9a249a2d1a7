import type { Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes, loadAvroSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { chromiumLaunchOptions, createExampleCodecs } from "@eventwire/testkit";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CspResults } from "../src/csp/csp-page.js";
import { CSP, CSP_FORMATS, startCspServer } from "../src/csp/csp-server.js";
import knownFailuresFile from "../src/csp/known-failures.json" with { type: "json" };

interface KnownFailure {
  format: string;
  /** Part of the sample of a violation the page reports. */
  violation: string;
  /** Part of the page's error, when the codec cannot decode at all. */
  error?: string;
  reason: string;
}
const knownFailures = knownFailuresFile as { cases: KnownFailure[] };

const TYPES = ["user_login", "order_placed", "sensor_reading", "log_batch"] as const;
const examples = exampleEnvelopes();
// The example stream: each type twice, with distinct ids.
const envelopes: Envelope[] = [1, 2].flatMap((round) =>
  TYPES.map((type) => ({ ...examples[type], event_id: `${examples[type].event_id}-${round}` })),
);
const pick = <T>(all: Record<string, T>): Record<string, T> =>
  Object.fromEntries(TYPES.map((type) => [type, all[type] as T]));

let server: Awaited<ReturnType<typeof startCspServer>>;
let browser: Browser;

beforeAll(async () => {
  const avro = pick(loadAvroSchemas());
  const proto = Object.values(pick(loadProtoSources()));
  const protoMessages = pick(PROTO_MESSAGES);
  // The server encodes with ordinary codecs (Node allows code generation); the page decodes without.
  const codecs = createExampleCodecs({ types: TYPES });
  server = await startCspServer({ schemas: { avro, proto, protoMessages }, codecs, envelopes });
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page of one codec and returns what it decoded, its CSP violations and console errors. */
async function openPage(query: string): Promise<CspResults & { consoleErrors: string[]; policy?: string }> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  try {
    const response = await page.goto(`${server.url}?${query}`);
    await page.waitForFunction(() => (globalThis as { __csp?: CspResults }).__csp?.done === true);
    const results = (await page.evaluate(() => (globalThis as { __csp?: CspResults }).__csp)) as CspResults;
    const policy = response?.headers()["content-security-policy"];
    return { ...results, consoleErrors, ...(policy === undefined ? {} : { policy }) };
  } finally {
    await page.close();
  }
}

describe("headless Chromium, Content-Security-Policy: script-src 'self'", () => {
  for (const format of CSP_FORMATS) {
    const known = knownFailures.cases.find((c) => c.format === format);
    if (known === undefined) {
      it(`${format}: decodes the example stream with no CSP violation and no console error`, async () => {
        const results = await openPage(`format=${format}`);
        expect(results.policy).toBe(CSP);
        expect(results.error).toBeUndefined();
        expect(results.violations).toEqual([]);
        expect(results.consoleErrors).toEqual([]);
        expect(results.envelopes).toEqual(envelopes);
      });
    } else {
      it(`${format}: still the known failure in src/csp/known-failures.json`, async () => {
        const results = await openPage(`format=${format}`);
        expect(results.violations.join("\n")).toContain(known.violation);
        if (known.error === undefined) expect(results.envelopes).toEqual(envelopes);
        else {
          expect(results.error).toContain(known.error);
          expect(results.envelopes).toBeUndefined();
        }
      });
    }
  }

  it("the policy holds: new Function in the page's own script throws EvalError and is reported", async () => {
    const results = await openPage("format=json&probe=eval");
    expect(results.probe).toBe("EvalError");
    expect(results.violations).toContainEqual(
      expect.stringMatching(/^script-src blocked eval at \d+:\d+: .*return 1/s),
    );
    expect(results.envelopes).toEqual(envelopes);
  });
});
