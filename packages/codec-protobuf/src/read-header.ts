import { EnvelopeError } from "@eventwire/envelope-core";
import {
  type Cursor,
  decodeUtf8,
  envelopeErrorFrom,
  epochParts,
  formatTimestamp,
  MAX_EPOCH_SECONDS,
  MIN_EPOCH_SECONDS,
  malformed,
} from "@eventwire/envelope-core/wire";
import { skipField } from "./read-scalar.js";
import { readEnd, readInt64Number, readLength, readVarint, readVarint32 } from "./read-varint.js";

// Tags of the envelope's fields: (field number << 3) | wire type.
export const TAG_EVENT_ID = 0x0a;
export const TAG_EVENT_TYPE = 0x12;
export const TAG_TIMESTAMP = 0x1a;
export const TAG_SOURCE = 0x22;
export const TAG_DATA = 0x2a;

/** The envelope's fields, and where the data message lies in the input. */
export interface Header {
  eventId: string;
  eventType: string;
  timestamp: string;
  source: string;
  dataStart: number;
  dataEnd: number;
}

/** Reads the envelope's fields in any order (last one wins), leaving `data` for its type's reader. */
export function readHeader(c: Cursor): Header {
  const end = c.bytes.length;
  const header: Header = { eventId: "", eventType: "", timestamp: "", source: "", dataStart: end, dataEnd: end };
  let timestamp: [number, number] | undefined;
  let field = "";
  try {
    while (c.pos < end) {
      const tag = readVarint32(c);
      switch (tag) {
        case TAG_EVENT_ID:
          field = "/event_id";
          header.eventId = readStringField(c, end);
          break;
        case TAG_EVENT_TYPE:
          field = "/event_type";
          header.eventType = readStringField(c, end);
          break;
        case TAG_TIMESTAMP:
          field = "/timestamp";
          timestamp = readTimestampMessage(c, end, timestamp);
          break;
        case TAG_SOURCE:
          field = "/source";
          header.source = readStringField(c, end);
          break;
        case TAG_DATA:
          field = "/data";
          header.dataEnd = readEnd(c, end);
          header.dataStart = c.pos;
          c.pos = header.dataEnd;
          break;
        default:
          field = "";
          if (tag >>> 3 >= 1 && tag >>> 3 <= 5) malformed(`wire type ${tag & 7} is wrong here`);
          if (tag >>> 3 === 0) malformed("field number 0 does not exist");
          skipField(c, tag & 7, end);
      }
    }
  } catch (error) {
    throw envelopeErrorFrom(error, header.eventType || undefined, "MALFORMED", field);
  }
  const eventType = header.eventType || undefined;
  for (const [name, value] of [
    ["event_id", header.eventId],
    ["event_type", header.eventType],
    ["source", header.source],
  ] as const) {
    if (value === "") {
      throw new EnvelopeError("INVALID_ENVELOPE", `${name} is missing or empty`, { path: `/${name}`, eventType });
    }
  }
  if (timestamp === undefined) {
    throw new EnvelopeError("INVALID_ENVELOPE", "timestamp is missing", { path: "/timestamp", eventType });
  }
  header.timestamp = timestampText(timestamp[0], timestamp[1], eventType);
  return header;
}

function readStringField(c: Cursor, end: number): string {
  const length = readLength(c, end);
  const start = c.pos;
  c.pos += length;
  const text = decodeUtf8(c.bytes, start, c.pos);
  if (text === undefined) malformed("a string is not valid UTF-8");
  return text;
}

function readTimestampMessage(c: Cursor, end: number, previous: [number, number] | undefined): [number, number] {
  const stop = readEnd(c, end);
  // A message seen twice merges: fields not in the second keep their first value.
  const value: [number, number] = previous ?? [0, 0];
  while (c.pos < stop) {
    const tag = readVarint32(c);
    if (tag === 0x08) value[0] = readInt64Number(c);
    else if (tag === 0x10) value[1] = readVarint(c) | 0;
    else skipField(c, tag & 7, stop);
  }
  if (c.pos !== stop) malformed("the timestamp runs past its end");
  return value;
}

function timestampText(seconds: number, nanos: number, eventType: string | undefined): string {
  const where = { path: "/timestamp", eventType };
  if (!Number.isSafeInteger(seconds) || seconds < MIN_EPOCH_SECONDS || seconds > MAX_EPOCH_SECONDS) {
    throw new EnvelopeError("MALFORMED", `timestamp seconds ${seconds} are outside 0001..9999`, where);
  }
  if (nanos < 0 || nanos > 999_999_999) {
    throw new EnvelopeError("MALFORMED", `timestamp nanos ${nanos} are outside 0..999999999`, where);
  }
  if (nanos % 1000 !== 0) {
    throw new EnvelopeError(
      "INVALID_ENVELOPE",
      "timestamp is finer than a microsecond, which cannot be carried",
      where,
    );
  }
  return formatTimestamp(epochParts(seconds, nanos / 1000));
}
