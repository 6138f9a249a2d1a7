import {
  checkEnvelope,
  checkHeaderString,
  type Envelope,
  EnvelopeError,
  type EnvelopeOf,
  type EventCodec,
  type EventMap,
  epochParts,
  formatTimestamp,
  MAX_EPOCH_SECONDS,
  MIN_EPOCH_SECONDS,
} from "@eventwire/envelope-core";
import { Cursor, compileWith, decodeUtf8, envelopeErrorFrom, malformed, Sink } from "@eventwire/envelope-core/wire";
import protobuf from "protobufjs";
import {
  compileMessageReader,
  type ReadMessage,
  readEnd,
  readInt64Number,
  readLength,
  readVarint,
  readVarint32,
  skipField,
} from "./read-proto.js";
import {
  beginDelimited,
  compileMessageWriter,
  endDelimited,
  type WriteMessage,
  writeSignedVarint,
  writeString,
  writeVarint32,
} from "./write-proto.js";

/**
 * Where the message types come from: a protobufjs `Root` (parsed with `keepCase: true`), or
 * `.proto` source text, one file or several, parsed with field names kept as written. One of
 * the two: giving both does not compile, giving neither is a `TypeError`.
 */
export type ProtobufSchemaSource =
  | { root: protobuf.Root; proto?: never }
  | { proto: string | readonly string[]; root?: never };

/** Options of {@link createProtobufCodec}: the settings and where the types come from. */
export type ProtobufCodecOptions = ProtobufCodecSettings & ProtobufSchemaSource;

/** The settings of {@link createProtobufCodec}, besides the {@link ProtobufSchemaSource}. */
export interface ProtobufCodecSettings {
  /** The fully qualified message name of each event type's `data`, e.g. `"acme.v1.UserLogin"`. */
  types: Readonly<Record<string, string>>;
  /** The largest input `decode` reads, in bytes. Default 1 MiB (see SECURITY.md). */
  maxBytes: number;
  /**
   * `false`: never generate code (`new Function`); readers and writers are shared closures, as
   * under a Content-Security-Policy without `'unsafe-eval'`. Default `true` (faster).
   */
  codeGeneration: boolean;
}

/** The defaults of {@link ProtobufCodecSettings}. */
export const PROTOBUF_CODEC_DEFAULTS: Readonly<Omit<ProtobufCodecSettings, "types">> = Object.freeze({
  maxBytes: 1024 * 1024,
  codeGeneration: true,
});

/** The Protobuf codec. */
export type ProtobufCodec<M extends object = EventMap> = EventCodec<M>;

interface EventTypeEntry {
  readonly read: ReadMessage;
  readonly write: WriteMessage;
}

// Tags of the envelope's fields: (field number << 3) | wire type.
const TAG_EVENT_ID = 0x0a;
const TAG_EVENT_TYPE = 0x12;
const TAG_TIMESTAMP = 0x1a;
const TAG_SOURCE = 0x22;
const TAG_DATA = 0x2a;

/**
 * Makes the Protobuf codec: the proto3 `eventwire.v1.Envelope` message, `data` holding the event
 * type's message serialized. Types are resolved and compiled once, here.
 *
 * @example
 * ```ts
 * const codec = createProtobufCodec({
 *   proto: 'syntax = "proto3"; package acme; message UserLogin { string user_id = 1; string ip = 2; }',
 *   types: { user_login: "acme.UserLogin" },
 * });
 * codec.decode(codec.encode(envelope));
 * ```
 */
export function createProtobufCodec<M extends object = EventMap>(
  options: Partial<ProtobufCodecOptions> & Pick<ProtobufCodecOptions, "types">,
): ProtobufCodec<M> {
  const settings: ProtobufCodecSettings = { ...PROTOBUF_CODEC_DEFAULTS, ...options };
  const maxBytes = settings.maxBytes;
  if (options.root === undefined && options.proto === undefined) {
    throw new TypeError("createProtobufCodec needs root (a protobufjs Root) or proto (.proto source)");
  }
  const root = options.root === undefined ? buildRoot(options.proto ?? []) : resolveRoot(options.root);
  const readers = new Map<protobuf.Type, ReadMessage>();
  const writers = new Map<protobuf.Type, WriteMessage>();
  const entries = new Map<string, EventTypeEntry>();
  for (const [eventType, name] of Object.entries(options.types)) {
    let type: protobuf.Type;
    try {
      type = root.lookupType(name);
    } catch (error) {
      throw new TypeError(`event type ${JSON.stringify(eventType)}: no message type ${name}`, { cause: error });
    }
    const compile = () => ({ read: compileMessageReader(type, readers), write: compileMessageWriter(type, writers) });
    entries.set(eventType, compileWith(settings.codeGeneration, compile));
  }
  const sink = new Sink();
  const cursor = new Cursor();

  const encode = (envelope: EnvelopeOf<M>): Uint8Array => {
    const e = checkEnvelope(envelope as Envelope);
    const { seconds, micros } = e.parts;
    const entry = entries.get(e.event_type);
    if (entry === undefined) throw unknownType(e.event_type);
    sink.pos = 0;
    writeVarint32(sink, TAG_EVENT_ID);
    writeString(sink, e.event_id);
    writeVarint32(sink, TAG_EVENT_TYPE);
    writeString(sink, e.event_type);
    writeVarint32(sink, TAG_TIMESTAMP);
    const timestampMark = beginDelimited(sink);
    if (seconds !== 0) {
      writeVarint32(sink, 0x08);
      writeSignedVarint(sink, seconds);
    }
    if (micros !== 0) {
      writeVarint32(sink, 0x10);
      writeVarint32(sink, micros * 1000);
    }
    endDelimited(sink, timestampMark);
    writeVarint32(sink, TAG_SOURCE);
    writeString(sink, e.source);
    const beforeData = sink.pos;
    writeVarint32(sink, TAG_DATA);
    try {
      const dataMark = beginDelimited(sink);
      entry.write(sink, e.data);
      endDelimited(sink, dataMark);
    } catch (error) {
      throw envelopeErrorFrom(error, e.event_type, "INVALID_DATA");
    }
    // Empty bytes are proto3's default: protoc leaves the field out.
    if (sink.pos === beforeData + 2) sink.pos = beforeData;
    return sink.take();
  };

  const decode = (bytes: Uint8Array): EnvelopeOf<M> => {
    checkInput(bytes, maxBytes, "decode");
    cursor.bytes = bytes;
    cursor.pos = 0;
    try {
      const header = readHeader(cursor);
      const eventType = header.eventType;
      const entry = entries.get(eventType);
      if (entry === undefined) throw unknownType(eventType);
      cursor.pos = header.dataStart;
      let data: Record<string, unknown>;
      try {
        data = entry.read(cursor, header.dataEnd);
      } catch (error) {
        throw envelopeErrorFrom(error, eventType, "MALFORMED");
      }
      return {
        event_id: header.eventId,
        event_type: eventType,
        timestamp: header.timestamp,
        source: header.source,
        data,
      } as EnvelopeOf<M>;
    } finally {
      cursor.bytes = EMPTY;
    }
  };

  const entryOf = (eventType: string): EventTypeEntry => {
    checkHeaderString(eventType, "event_type");
    const entry = entries.get(eventType);
    if (entry === undefined) throw unknownType(eventType);
    return entry;
  };

  const encodeData = (eventType: string, data: unknown): Uint8Array => {
    const entry = entryOf(eventType);
    sink.pos = 0;
    try {
      entry.write(sink, data);
    } catch (error) {
      throw envelopeErrorFrom(error, eventType, "INVALID_DATA");
    }
    return sink.take();
  };

  const decodeData = (eventType: string, bytes: Uint8Array): M[keyof M & string] => {
    const entry = entryOf(eventType);
    checkInput(bytes, maxBytes, "decodeData");
    cursor.bytes = bytes;
    cursor.pos = 0;
    try {
      return entry.read(cursor, bytes.length) as M[keyof M & string];
    } catch (error) {
      throw envelopeErrorFrom(error, eventType, "MALFORMED");
    } finally {
      cursor.bytes = EMPTY;
    }
  };

  return {
    name: "protobuf",
    contentType: "application/x-protobuf",
    dataContentType: "application/protobuf",
    binary: true,
    encode,
    decode,
    encodeData,
    decodeData,
  };
}

const EMPTY = new Uint8Array(0);

interface Header {
  eventId: string;
  eventType: string;
  timestamp: string;
  source: string;
  dataStart: number;
  dataEnd: number;
}

/** Reads the envelope's fields in any order (last one wins), leaving `data` for its type's reader. */
function readHeader(c: Cursor): Header {
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

function buildRoot(proto: string | readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  const sources = typeof proto === "string" ? [proto] : proto;
  const common = new Set<string>();
  for (const source of sources) {
    try {
      const parsed = protobuf.parse(source, root, { keepCase: true });
      for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) common.add(name);
    } catch (error) {
      throw new TypeError(`a .proto source does not parse: ${String(error)}`, { cause: error });
    }
  }
  for (const name of common) {
    const json = protobuf.common.get(name);
    if (
      json !== null &&
      json !== undefined &&
      root.lookup(name.replace(/\.proto$/, "").replaceAll("/", ".")) === null
    ) {
      try {
        root.addJSON(json.nested ?? {});
      } catch {
        // Already there: another source imported it first.
      }
    }
  }
  return resolveRoot(root);
}

function resolveRoot(root: protobuf.Root): protobuf.Root {
  try {
    root.resolveAll();
  } catch (error) {
    throw new TypeError(`the Protobuf types do not resolve: ${String(error)}`, { cause: error });
  }
  return root;
}

function checkInput(bytes: Uint8Array, maxBytes: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new EnvelopeError("MALFORMED", `${what} takes a Uint8Array`);
  if (bytes.length > maxBytes) {
    throw new EnvelopeError("LIMIT_EXCEEDED", `the input is ${bytes.length} bytes, over maxBytes ${maxBytes}`);
  }
}

function unknownType(eventType: string): EnvelopeError {
  return new EnvelopeError("UNKNOWN_EVENT_TYPE", "no Protobuf message type is registered for this event type", {
    path: "/event_type",
    eventType,
  });
}
