import { describe, expect, it } from "vitest";
import { fromKafka, toKafka } from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";

const [json, avro] = codecs as [(typeof codecs)[number], (typeof codecs)[number]];
const envelope = envelopes[0] as (typeof envelopes)[number];

describe("toKafka", () => {
  it("keys a record by event_id unless given a key, in both modes", () => {
    for (const mode of ["binary", "structured"] as const) {
      expect(toKafka(envelope, json, { mode }).key).toBe(envelope.event_id);
      expect(toKafka(envelope, json, { mode, key: "customer-7" }).key).toBe("customer-7");
    }
  });

  it("stamps the record with the time in whole milliseconds, before 1970 too", () => {
    expect(toKafka({ ...envelope, timestamp: "2026-11-27T06:11:13.146999Z" }, avro).timestamp).toBe("1795759873146");
    expect(toKafka({ ...envelope, timestamp: "1969-12-31T23:59:59.999500Z" }, avro).timestamp).toBe("-1");
    expect(toKafka({ ...envelope, timestamp: "0001-01-01T00:00:00Z" }, avro).timestamp).toBe("-62135596800000");
  });

  it("writes the codec's bytes as the value in binary mode, and reads them back whatever the key", () => {
    const record = toKafka(envelope, avro);
    expect(record.value).toEqual(avro.encodeData(envelope.event_type, envelope.data));
    expect(record.headers["content-type"]).toBe("application/avro");
    expect(fromKafka({ ...record, key: null }, avro)).toEqual(envelope);
  });
});
