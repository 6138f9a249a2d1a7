import { Cursor, Sink } from "@eventwire/envelope-core/wire";
import { describe, expect, it } from "vitest";
import { readLong } from "./read-avro.js";
import { writeLong } from "./write-avro.js";

// Every safe integer is read back as the number written; past them, a bigint. The edges between
// the reader's number paths (28 bits, 2^52, 2^53) are where a sign or a bit goes missing.
const roundTrip = (n: number | bigint) => {
  const sink = new Sink();
  writeLong(sink, n);
  const cursor = new Cursor();
  cursor.bytes = sink.take();
  cursor.pos = 0;
  const value = readLong(cursor);
  expect(cursor.pos).toBe(cursor.bytes.length);
  return value;
};

describe("readLong and writeLong", () => {
  it.each([
    0,
    -1,
    2 ** 27,
    -(2 ** 27) - 1,
    2 ** 31,
    2 ** 52 - 1,
    2 ** 52,
    -(2 ** 52),
    2 ** 52 + 1,
    -(2 ** 52) - 1,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
  ])("carries the safe integer %d as that number", (n) => {
    expect(roundTrip(n)).toBe(n);
  });

  it.each([2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)])(
    "carries %d, past safe integers, as a bigint",
    (n) => {
      expect(roundTrip(n)).toBe(n);
    },
  );
});
