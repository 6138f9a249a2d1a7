import { readFileSync } from "node:fs";
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import { createMemoryLog, createSseHandler, MEMORY_LOG_START } from "@eventwire/sse-server";
import { bundleBrowserPage } from "./bundle.js";
import { makeCodecs } from "./codecs.js";
import { CONFORMANCE_STREAM } from "./conformance-stream.js";
import { createFeed, type FeedOptions } from "./feed.js";
import { loadSchemaSet } from "./schemas.js";
import { makeCertificate } from "./tls.js";

/** Options of {@link startExampleServer}. */
export interface ExampleServerOptions extends FeedOptions {
  port: number;
  host: string;
  /** A new envelope every this many ms; 0 publishes none (tests use the prefilled ones). */
  intervalMs: number;
  heartbeatMs: number;
  retryMs: number;
  /** Where to write the certificate for the Node consumer to trust. */
  certFile: string | undefined;
  /** How many envelopes the memory log keeps for clients that resume. */
  capacity: number;
}

const DEFAULTS: ExampleServerOptions = {
  port: 8443,
  host: "localhost",
  intervalMs: 1000,
  heartbeatMs: 15_000,
  retryMs: 2000,
  certFile: fileURLToPath(new URL("../.certs/localhost.pem", import.meta.url)),
  capacity: 1000,
  prefill: 20,
  prefillTimestamp: "2026-11-27T06:00:00.000123Z",
};

/**
 * An SSE server on Node's own HTTP/2 (TLS with a certificate made at start, HTTP/1.1 on the same
 * port through ALPN): `@eventwire/sse-server`'s handler on a memory log streams envelopes in the
 * codec a client asks for (`/events?format=json|avro|protobuf`, `&types=`, `&limit=N` to end
 * after N), with heartbeats, `retry`, and `Last-Event-ID` resume (the id is the log position).
 * A new visitor gets the log from its start. `/` is the browser page.
 */
export async function startExampleServer(options: Partial<ExampleServerOptions> = {}) {
  const settings = { ...DEFAULTS, ...options };
  const { key, cert } = await makeCertificate(settings.certFile);
  const schemas = loadSchemaSet();
  const codecs = makeCodecs(schemas);
  const log = createMemoryLog({ capacity: settings.capacity });
  const feed = await createFeed(log, settings);
  const events = createSseHandler({
    log,
    codecs,
    heartbeatMs: settings.heartbeatMs,
    retryMs: settings.retryMs,
  });
  const bundle = await bundleBrowserPage();
  const page = readFileSync(new URL("../src/browser/index.html", import.meta.url), "utf8");
  /** The HTTP version of every /events request, for the tests. */
  const protocols: string[] = [];

  const server = createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://localhost");
    if (url.pathname === "/events") {
      protocols.push(req.httpVersion);
      streamEvents(req, res, url);
    } else if (url.pathname === "/conformance") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.end(CONFORMANCE_STREAM);
    } else if (url.pathname === "/schemas.json") {
      send(res, "application/json", JSON.stringify(schemas));
    } else if (url.pathname === "/bundle.js") {
      send(res, "text/javascript", bundle);
    } else if (url.pathname === "/") {
      send(res, "text/html; charset=utf-8", page);
    } else {
      res.writeHead(404).end();
    }
  });

  function streamEvents(req: Http2ServerRequest, res: Http2ServerResponse, url: URL): void {
    // A first visit (no id yet) starts at the beginning of the log, so the page has history to show.
    if (header(req, "last-event-id") === undefined && !url.searchParams.has("lastEventId")) {
      url.searchParams.set("lastEventId", MEMORY_LOG_START);
      req.url = `${url.pathname}${url.search}`;
    }
    events(req, res);
  }

  // Open connections, so that close() does not wait for a browser to hang up.
  const sockets = new Set<TLSSocket>();
  server.on("secureConnection", (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const producer = settings.intervalMs > 0 ? setInterval(() => void feed.publish(), settings.intervalMs) : undefined;
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${settings.host}:${port}`,
    cert,
    feed,
    codecs,
    protocols,
    close: () =>
      new Promise<void>((resolve) => {
        if (producer !== undefined) clearInterval(producer);
        void events.close().then(() => log.close());
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function header(req: Http2ServerRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

function send(res: Http2ServerResponse, type: string, body: string): void {
  res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? DEFAULTS.port);
  const server = await startExampleServer({ port });
  process.stdout.write(
    `eventwire example server on ${server.url} (HTTP/2, HTTP/1.1 by ALPN)\n` +
      `  page:     ${server.url}/?format=json   (avro, protobuf; the certificate is self-signed)\n` +
      `  events:   ${server.url}/events?format=json\n` +
      `  consumer: pnpm example:consumer\n`,
  );
}
