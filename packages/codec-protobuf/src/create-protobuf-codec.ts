import {
  type Envelope,
  EnvelopeError,
  type EnvelopeOf,
  type EventCodec,
  type EventMap,
} from "@eventwire/envelope-core";
import {
  Cursor,
  checkEnvelope,
  checkHeaderString,
  compileWith,
  envelopeErrorFrom,
  Sink,
} from "@eventwire/envelope-core/wire";
import type protobuf from "protobufjs";
import { buildRoot, resolveRoot } from "./build-root.js";
import { readHeader, TAG_DATA, TAG_EVENT_ID, TAG_EVENT_TYPE, TAG_SOURCE, TAG_TIMESTAMP } from "./read-header.js";
import { compileMessageReader, type ReadMessage } from "./read-proto.js";
import { compileMessageWriter, type WriteMessage } from "./write-proto.js";
import { beginDelimited, endDelimited, writeSignedVarint, writeString, writeVarint32 } from "./write-varint.js";

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
