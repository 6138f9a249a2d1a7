import { describe, expect, it } from "vitest";
import { toCloudEvent, toHttp, toHttpBatch, toKafka } from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";
import { specSchemaErrors } from "./spec-schema.js";

const extensions = {
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  retries: 3,
  replay: false,
};

describe.each(codecs.map((codec) => [codec.name, codec] as const))("%s codec", (_, codec) => {
  it("every structured event written is valid against the CloudEvents JSON schema", () => {
    const utf8 = new TextDecoder();
    for (const envelope of envelopes) {
      const written = [
        toCloudEvent(envelope, codec),
        toCloudEvent(envelope, codec, { extensions }),
        JSON.parse(toHttp(envelope, codec, { mode: "structured", extensions }).body as string),
        JSON.parse(utf8.decode(toKafka(envelope, codec, { mode: "structured", extensions }).value)),
        ...JSON.parse(toHttpBatch([envelope, envelope], codec, { extensions }).body as string),
      ];
      for (const event of written) expect(specSchemaErrors(event)).toEqual([]);
    }
  });
});

describe("the CloudEvents JSON schema of these tests", () => {
  const valid = toCloudEvent(envelopes[0] as never, codecs[0] as never);

  it.each([
    ["no id", { id: undefined }],
    ["specversion 0.3", { specversion: "0.3" }],
    ["both data and data_base64", { data_base64: "AA==" }],
    ["an upper-case extension name", { traceParent: "x" }],
    ["an object as an extension value", { ext: {} }],
    ["a time without an offset", { time: "2026-01-01T00:00:00" }],
  ])("refuses an event with %s, so that its verdicts mean something", (_, change) => {
    const event = JSON.parse(JSON.stringify({ ...valid, ...change }));
    expect(specSchemaErrors(valid)).toEqual([]);
    expect(specSchemaErrors(event)).not.toEqual([]);
  });
});
