import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes, SCHEMA_DIR } from "@eventwire/schemas";
import { apacheAvroSingleObjects, protocEncode } from "@eventwire/testkit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BUILD_TIMEOUT,
  buildCli,
  CLI_TIMEOUT,
  copyExampleSchemas,
  jsonLines,
  runCli,
  stopChildren,
} from "./run-built-cli.js";

const examples = exampleEnvelopes();
const envelopes: Envelope[] = [examples.user_login, examples.order_placed, examples.sensor_reading, examples.log_batch];
let schemas: string;

beforeAll(async () => {
  schemas = copyExampleSchemas();
  await buildCli();
}, BUILD_TIMEOUT);

afterEach(stopChildren);

const ORDER: Envelope = {
  event_id: "ord-1",
  event_type: "order_placed",
  timestamp: "2026-11-27T10:00:00.123456Z",
  source: "checkout",
  data: {
    order_id: "o1",
    customer: { customer_id: "c1", email: "ada@example.com", vip: true },
    items: [{ sku: "BOOK", quantity: 2, unit_price: 12.5 }],
    status: "SHIPPED",
    total: 25,
    metadata: { channel: "web" },
  },
};
describe("decode: bytes the reference tools wrote", CLI_TIMEOUT, () => {
  it("a Protobuf envelope from protoc --encode, recognised by --format auto and read with --format protobuf", async () => {
    const bytes = protocEncode([ORDER])[0] ?? new Uint8Array();
    for (const format of ["auto", "protobuf"]) {
      const result = await runCli(["decode", "--schemas", schemas, "--format", format], { stdin: bytes });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(jsonLines(result.stdout)).toEqual([ORDER]);
    }
  });

  it("Avro single-object encodings from Apache Avro, one envelope, or several length-delimited", async () => {
    const dataSchema = JSON.parse(readFileSync(join(SCHEMA_DIR, "events", "order_placed.avsc"), "utf8"));
    const second = { ...ORDER, event_id: "ord-2", data: { ...(ORDER.data as object), coupon: "AUTUMN" } };
    const [one, two] = apacheAvroSingleObjects(dataSchema, [ORDER, second]) as [Buffer, Buffer];
    const single = await runCli(["decode", "--schemas", schemas], { stdin: one });
    expect(single.stderr).toBe("");
    expect(jsonLines(single.stdout)).toEqual([ORDER]);
    const delimited = Buffer.concat([Buffer.of(one.length), one, Buffer.of(two.length), two]);
    const both = await runCli(["decode", "--schemas", schemas, "--delimited"], { stdin: delimited });
    expect(both.code).toBe(0);
    expect(jsonLines(both.stdout)).toEqual([ORDER, second]);
  });
});

describe("encode then decode, every codec and framing", CLI_TIMEOUT, () => {
  const input = `${envelopes.map((e) => JSON.stringify(e)).join("\n")}\n`;

  for (const format of ["json", "avro", "protobuf"]) {
    it(`${format}: SSE frames and length-delimited bytes decode to the same envelopes (auto and named)`, async () => {
      const sse = await runCli(["encode", "--schemas", schemas, "--format", format, "--sse"], { stdin: input });
      expect(sse.code).toBe(0);
      expect(sse.stdout.toString("utf8")).toMatch(/^id: 00000001-.*\nevent: user_login\ndata: /);
      for (const named of ["auto", format]) {
        const back = await runCli(["decode", "--schemas", schemas, "--format", named], { stdin: sse.stdout });
        expect(jsonLines(back.stdout)).toEqual(envelopes);
      }
      const framing = format === "json" ? [] : ["--delimited"];
      const bytes = await runCli(["encode", "--schemas", schemas, "--format", format, ...framing], { stdin: input });
      const back = await runCli(["decode", "--schemas", schemas, ...framing], { stdin: bytes.stdout });
      expect(back.stderr).toBe("");
      expect(jsonLines(back.stdout)).toEqual(envelopes);
    });
  }

  it("fills a missing event_id and timestamp, and reports the server's notices in SSE on stderr", async () => {
    const line = JSON.stringify({ event_type: "user_login", source: "cli", data: { user_id: "u", ip: "::1" } });
    const encoded = await runCli(["encode", "--schemas", schemas, "--format", "json", "--sse"], { stdin: line });
    const stream = `${encoded.stdout.toString("utf8")}event: eventwire.gap\ndata: {"after":"1","resumedAt":"5"}\n\n`;
    const decoded = await runCli(["decode", "--schemas", schemas], { stdin: stream });
    const [envelope] = jsonLines(decoded.stdout) as [Envelope];
    expect(envelope.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope.data).toEqual({ user_id: "u", ip: "::1" });
    expect(decoded.stderr).toBe('eventwire decode: eventwire.gap {"after":"1","resumedAt":"5"}\n');
  });
});

describe("bad input: exit 1 and one line naming the code, path, event type and place", CLI_TIMEOUT, () => {
  const good = JSON.stringify(examples.user_login);
  const cases: [string, string[], string | Buffer, RegExp][] = [
    [
      "a JSON line with a missing field, line 2",
      ["decode"],
      `${good}\n${good.replace('"ip":"203.0.113.42"', '"ipv4":"x"')}\n`,
      /^eventwire decode: line 2: INVALID_DATA at \/data\/ip: is required \(event_type "user_login"\)$/,
    ],
    [
      "an unknown event type in SSE, event 1",
      ["decode"],
      `id: 1\nevent: nope\ndata: ${good.replace('"user_login"', '"nope"')}\n\n`,
      /^eventwire decode: event 1 \(id "1"\): UNKNOWN_EVENT_TYPE at \/event_type: .*\(event_type "nope"\)$/,
    ],
    [
      "an SSE event name that relabels the envelope",
      ["decode"],
      `event: order_placed\ndata: ${good}\n\n`,
      /^eventwire decode: event 1 \(id ""\): INVALID_ENVELOPE at \/event_type: .*"order_placed"/,
    ],
    [
      "base64 that is not base64",
      ["decode", "--format", "avro"],
      "data: %%%\n\n",
      /^eventwire decode: event 1 \(id ""\): MALFORMED: /,
    ],
    [
      "truncated Protobuf",
      ["decode", "--format", "protobuf"],
      Buffer.of(0x0a, 0x30, 0x61),
      /^eventwire decode: input: MALFORMED at \/event_id: /,
    ],
    [
      "an unknown Avro fingerprint",
      ["decode"],
      Buffer.of(0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0),
      /^eventwire decode: input: UNKNOWN_SCHEMA: /,
    ],
    [
      "a cut length-delimited stream",
      ["decode", "--delimited"],
      Buffer.of(0x20, 0xc3, 0x01),
      /^eventwire decode: envelope 1: MALFORMED: the input ends inside a length-delimited envelope$/,
    ],
    [
      "encode: a line that is not JSON",
      ["encode", "--format", "avro"],
      `${good}x\n`,
      /^eventwire encode: line 1: MALFORMED: not JSON/,
    ],
    [
      "encode: a non-finite number",
      ["encode", "--format", "protobuf", "--sse"],
      `${good}\n${JSON.stringify({ ...examples.sensor_reading, data: { ...examples.sensor_reading.data, temperature: "hot" } })}\n`,
      /^eventwire encode: line 2: INVALID_DATA at \/data\/temperature: .*\(event_type "sensor_reading"\)$/,
    ],
  ];
  for (const [name, args, stdin, line] of cases) {
    it(name, async () => {
      const result = await runCli([...args, "--schemas", schemas], { stdin });
      expect(result.code).toBe(1);
      expect(result.stderr.endsWith("\n")).toBe(true);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(result.stderr.trimEnd()).toMatch(line);
    });
  }

  it("stops at a decode limit instead of reading on: a 2 MiB binary input is LIMIT_EXCEEDED", async () => {
    const result = await runCli(["decode", "--schemas", schemas, "--format", "avro"], {
      stdin: Buffer.alloc(2 ** 21, 0xc3),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^eventwire decode: input: LIMIT_EXCEEDED: /);
  });
});
