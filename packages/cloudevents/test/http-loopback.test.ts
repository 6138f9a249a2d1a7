import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HTTP } from "cloudevents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromHttp, toHttp } from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";
import { sdkEventOf } from "./sdk.js";

// A real HTTP server on loopback: what toHttp writes survives Node's HTTP stack and fetch, which
// refuse header values that are not valid HTTP (the reason for percent-encoding).
let server: Server;
let url: string;
const codecByName = new Map(codecs.map((codec) => [codec.name, codec]));

async function bodyOf(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const codec = codecByName.get(req.url?.slice(1) ?? "");
    try {
      if (codec === undefined) throw new Error(`no codec ${req.url}`);
      const envelope = fromHttp({ headers: req.headers as Record<string, string>, body: await bodyOf(req) }, codec);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(envelope));
    } catch (error) {
      res.writeHead(400).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const unusual = { ...envelopes[0], event_id: "ид 42 ✓", source: 'urn:x "quoted" 100%' } as (typeof envelopes)[number];

describe.each(codecs.map((codec) => [codec.name, codec] as const))("%s codec over loopback HTTP", (name, codec) => {
  it.each(["binary", "structured"] as const)("a POST of toHttp's %s message is read back by fromHttp", async (mode) => {
    for (const envelope of [...envelopes.slice(0, 3), unusual]) {
      const { headers, body } = toHttp(envelope, codec, { mode });
      const response = await fetch(`${url}/${name}`, { method: "POST", headers, body: body as BodyInit });
      expect(await response.json()).toEqual(envelope);
    }
  });
});

it("the SDK's unencoded header values cannot be sent: fetch refuses them (known-sdk-defects.json)", () => {
  const [json] = codecs;
  const message = HTTP.binary(sdkEventOf(unusual, json as never, false));
  expect(() => new Headers(message.headers as Record<string, string>)).toThrow(TypeError);
  expect(() => new Headers(toHttp(unusual, json as never).headers)).not.toThrow();
});
