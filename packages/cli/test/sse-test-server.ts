// A small SSE server for the tail tests, on @eventwire/sse-frame: ids are positions in a fixed
// list, as @eventwire/sse-server's are; the first connection is dropped after a few events, so
// that the client must reconnect with Last-Event-ID.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http2 from "node:http2";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { encodeBase64, formatFrame, formatRetry } from "@eventwire/sse-frame";

/** A self-signed certificate for 127.0.0.1, made by openssl for this run. */
export function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-cli-tls-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
      ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
}

/** Options of {@link startSseServer}. */
export interface SseServerOptions {
  protocol: "HTTP/2" | "HTTP/1.1";
  envelopes: readonly Envelope[];
  codecs: Readonly<Record<string, Codec>>;
  /** The first connection is cut after this many events (and a drop and a gap notice). */
  dropAfter: number;
}

/** One request the server answered. */
export interface SeenRequest {
  httpVersion: string;
  lastEventId: string | undefined;
  query: string;
}

/** A running test server. */
export interface SseServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts the server on a free loopback port, over TLS with a self-signed certificate. */
export async function startSseServer(options: SseServerOptions): Promise<SseServer> {
  const tls = makeCertificate();
  const requests: SeenRequest[] = [];
  const handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): void => {
    const url = new URL(req.url, "https://127.0.0.1");
    if (url.pathname !== "/events") {
      res.writeHead(404).end();
      return;
    }
    const header = req.headers["last-event-id"];
    const lastEventId = typeof header === "string" ? header : undefined;
    requests.push({ httpVersion: req.httpVersion, lastEventId, query: url.search });
    const codec = options.codecs[url.searchParams.get("format") ?? "json"] as Codec;
    const types = url.searchParams.get("types")?.split(",");
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    res.write(formatRetry(20));
    const start = lastEventId === undefined ? 0 : Number(lastEventId);
    const first = requests.length === 1;
    options.envelopes.forEach((envelope, i) => {
      if (i < start || (first && i >= options.dropAfter)) return;
      if (types !== undefined && !types.includes(envelope.event_type)) return;
      const bytes = codec.encode(envelope);
      const data = codec.binary ? encodeBase64(bytes) : new TextDecoder().decode(bytes);
      res.write(formatFrame({ id: String(i + 1), event: envelope.event_type, data }));
    });
    if (first) {
      // Once the frames are written, cut the stream (HTTP/2: RST_STREAM) or the connection
      // (HTTP/1.1) without ending the response: the client sees a drop, as from a crash.
      res.write(formatFrame({ event: "eventwire.dropped", data: '{"types":["log_batch"],"count":2}' }));
      res.write(formatFrame({ event: "eventwire.gap", data: '{"after":"0","resumedAt":"1"}' }), () => {
        if (req.httpVersion === "2.0") res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        else req.socket.destroy();
      });
    }
  };
  const server =
    options.protocol === "HTTP/2"
      ? http2.createSecureServer({ ...tls }, handler)
      : https.createServer({ ...tls }, handler as never);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/events`,
    requests,
    close: () =>
      new Promise((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
