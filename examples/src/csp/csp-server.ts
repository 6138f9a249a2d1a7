// The server of the strict-CSP pages: a page per codec and its script from 'self', the schemas,
// and the example stream in each codec. Plain HTTP on loopback: CSP does not depend on TLS.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { frameEnvelope } from "@eventwire/sse-frame";
import { build } from "esbuild";
import { browserBuildOptions } from "../bundle.js";
import type { CspSchemas } from "./csp-page.js";

/** The policy the page is served with: scripts from the page's own origin only, so no eval. */
export const CSP = "default-src 'self'; script-src 'self' 'report-sample'; style-src 'self'";

/** The page of one codec: its script is its own bundle, from 'self'. */
function page(format: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>eventwire under a strict CSP: ${format}</title></head>
  <body><p id="status">Loading…</p><script type="module" src="/csp-${format}.js"></script></body>
</html>`;
}

/** The codecs with a page, each bundled on its own. */
export const CSP_FORMATS = ["json", "avro", "protobuf"] as const;

/**
 * Bundles each codec's page script with the SDK from source (esbuild), in memory, as the example
 * page is; `long` is left out (see no-long.ts).
 */
export async function bundleCspPages(): Promise<Record<string, string>> {
  const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
  const result = await build({
    ...browserBuildOptions({ long: here("./no-long.ts") }),
    entryPoints: Object.fromEntries(CSP_FORMATS.map((format) => [`csp-${format}`, here(`./csp-${format}.ts`)])),
    outdir: "/",
  });
  return Object.fromEntries((result.outputFiles ?? []).map((file) => [file.path, file.text]));
}

/** Options of {@link startCspServer}. */
export interface CspServerOptions {
  schemas: CspSchemas;
  codecs: Readonly<Record<string, Codec>>;
  envelopes: readonly Envelope[];
}

/** Starts the page's server on a free loopback port. */
export async function startCspServer(options: CspServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const scripts = await bundleCspPages();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (type: string, body: string) => {
      res.writeHead(200, { "content-type": type, "content-security-policy": CSP });
      res.end(body);
    };
    if (url.pathname === "/") return send("text/html; charset=utf-8", page(url.searchParams.get("format") ?? "json"));
    const script = scripts[url.pathname];
    if (script !== undefined) return send("text/javascript; charset=utf-8", script);
    if (url.pathname === "/schemas.json") return send("application/json", JSON.stringify(options.schemas));
    const codec = options.codecs[url.searchParams.get("format") ?? ""];
    if (url.pathname === "/events" && codec !== undefined) {
      return send("text/event-stream", options.envelopes.map((e) => frameEnvelope(e, codec)).join(""));
    }
    // The browser asks for an icon by itself; a 404 would be a console error the test counts.
    if (url.pathname === "/favicon.ico") return res.writeHead(204).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
