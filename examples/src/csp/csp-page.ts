// The page served with `Content-Security-Policy: script-src 'self'`: it decodes the example stream
// in one codec, with no code generated at run time (no eval, no new Function), and leaves what it
// decoded and every CSP violation it saw on `window.__csp` for the test. Each codec has its own
// entry (csp-json.ts, csp-avro.ts, csp-protobuf.ts), so that a page bundles only its codec, as an
// application would.
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { decodeEnvelopes } from "@eventwire/sse-frame";

/** The schemas the server sends: Avro records and `.proto` sources (JSON needs none: its validators are bundled). */
export interface CspSchemas {
  avro: Record<string, Record<string, unknown>>;
  proto: string[];
  protoMessages: Record<string, string>;
}

/** What the page leaves on `window.__csp`. */
export interface CspResults {
  envelopes?: Envelope[];
  violations: string[];
  /** With `?probe=eval`: what `new Function` did in this page (`EvalError` when the policy holds). */
  probe?: string;
  error?: string;
  done: boolean;
}

/** Runs the page: builds the codec with `makeCodec` and decodes `/events?format=<format>`. */
export function runCspPage(format: string, makeCodec: (schemas: CspSchemas) => Codec): void {
  const results: CspResults = { violations: [], done: false };
  (globalThis as { __csp?: CspResults }).__csp = results;
  document.addEventListener("securitypolicyviolation", (event) => {
    results.violations.push(
      `${event.violatedDirective} blocked ${event.blockedURI} at ${event.lineNumber}:${event.columnNumber}: ${event.sample}`,
    );
  });
  decodeStream(format, makeCodec, results)
    .catch((error: unknown) => {
      results.error = String(error);
    })
    .finally(() => {
      results.done = true;
    });
}

async function decodeStream(
  format: string,
  makeCodec: (schemas: CspSchemas) => Codec,
  results: CspResults,
): Promise<void> {
  if (new URLSearchParams(location.search).get("probe") === "eval") results.probe = probeEval();
  const schemas = (await (await fetch("/schemas.json")).json()) as CspSchemas;
  const codec = makeCodec(schemas);
  const response = await fetch(`/events?format=${format}`);
  const decoded: Envelope[] = [];
  for await (const envelope of decodeEnvelopes(response.body as ReadableStream<Uint8Array>, codec)) {
    decoded.push(envelope);
  }
  results.envelopes = decoded;
  const status = document.getElementById("status") as HTMLElement;
  status.textContent = `${format}: ${decoded.length} envelopes decoded under script-src 'self'`;
}

/** Tries `new Function` from the page's own script, where the policy applies. */
function probeEval(): string {
  try {
    new Function("return 1")();
    return "allowed";
  } catch (error) {
    return (error as Error).name;
  }
}
