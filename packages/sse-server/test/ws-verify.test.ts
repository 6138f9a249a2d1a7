import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createExampleCodecs } from "@eventwire/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { createMemoryLog } from "../src/memory-log.js";
import type { ServerNotice } from "../src/options.js";
import { createWebSocketHandler } from "../src/ws-handler.js";
import { waitFor } from "./support/wait.js";

// With `verifyClient` the handler refuses before the upgrade, so a client sees an HTTP status
// (503 + Retry-After, 400) instead of an opened socket that is closed at once.
const notices: ServerNotice[] = [];
const log = createMemoryLog({ capacity: 100 });
const handler = createWebSocketHandler({
  log,
  codecs: createExampleCodecs(),
  maxClients: 2,
  retryMs: 4_000,
  onNotice: (n) => notices.push(n),
});
const server = createServer();
const wss = new WebSocketServer({ server, path: "/ws", verifyClient: handler.verifyClient });
wss.on("connection", handler);
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});

afterAll(async () => {
  await handler.close();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await new Promise((resolve) => server.close(resolve));
  await log.close();
});

interface Refusal {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** Connects and expects the handshake to be refused; resolves with the HTTP response. */
function refused(query: string): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base}${query}`);
    socket.on("open", () => reject(new Error("the socket opened")));
    socket.on("error", () => undefined);
    socket.on("unexpected-response", (_req, res: IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined, body });
        socket.terminate();
      });
    });
  });
}

function opened(query = ""): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base}${query}`);
    socket.on("open", () => resolve(socket));
    socket.on("error", reject);
  });
}

describe("createWebSocketHandler(...).verifyClient", () => {
  it("refuses a bad query with 400 and its reason, before the upgrade", async () => {
    const got = await refused("?format=xml");
    expect(got.status).toBe(400);
    expect(got.body).toContain("format must be one of");
    expect(handler.clientCount).toBe(0);
  });

  it("refuses past maxClients with 503 and Retry-After, and says so in a notice", async () => {
    const first = await opened("?format=json");
    const second = await opened("?format=avro");
    await waitFor(() => handler.clientCount === 2);
    const before = notices.filter((n) => n.type === "rejected").length;
    const got = await refused("?format=json");
    expect(got).toMatchObject({ status: 503, retryAfter: "4" });
    expect(got.body).toContain("serves 2 clients at most");
    expect(notices.filter((n) => n.type === "rejected").length).toBe(before + 1);
    first.close();
    second.close();
    await waitFor(() => handler.clientCount === 0);
    const again = await opened("?format=protobuf");
    expect(again.readyState).toBe(WebSocket.OPEN);
    again.close();
  });
});
