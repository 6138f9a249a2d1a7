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
  epochMicrosFromParts,
  malformed,
  Sink,
} from "@eventwire/envelope-core/wire";
import { canonicalFormOf } from "./canonical-form.js";
import {
  checkInput,
  fingerprintKey,
  hex,
  readHeaderString,
  readTimestamp,
  sameFingerprint,
} from "./envelope-header.js";
import { SchemaDepthError } from "./parse-schema.js";
import { compileReader, type Read } from "./read-avro.js";
import { compileResolvingReader, WriterCache } from "./resolve-writer.js";
import { compileWriter, type Write, writeLong, writeString } from "./write-avro.js";
import { type ParsedWriter, parseWriter, type WriterSchema } from "./writer-schema.js";

/**
 * An Avro record schema as JSON, e.g. `JSON.parse` of an Avro schema file or an object literal. It is
 * checked when the codec is made: one that is not a valid Avro schema (specification 1.12), or that
 * is not a record, is a `TypeError` then.
 */
export type AvroRecordSchema = Readonly<Record<string, unknown>>;

/** Options of {@link createAvroCodec}. */
export interface AvroCodecOptions {
  /**
   * The Avro record schema of each event type's `data`, or its versions, newest first: the newest
   * is written and read into; the older ones are writers that `decode` still resolves.
   */
  types: Readonly<Record<string, AvroRecordSchema | readonly AvroRecordSchema[]>>;
  /** The largest input `decode` reads, in bytes. Default 1 MiB (see SECURITY.md). */
  maxBytes: number;
  /**
   * How many writer schemas given to `decodeData` (from a schema registry, say) each event type
   * keeps a compiled resolver for; the oldest is dropped past it. Default 32.
   */
  maxWriterSchemas: number;
  /**
   * The deepest nesting of types accepted in a schema, counted from the data record (level 1;
   * each array, map, union and record field one more): deeper is a `TypeError` when the codec is
   * made and `LIMIT_EXCEEDED` for a writer schema given to `decodeData`, never a stack overflow.
   * Default 128.
   */
  maxSchemaDepth: number;
  /**
   * `false`: never generate code at run time; readers and writers are shared closures, as
   * under a Content-Security-Policy without `'unsafe-eval'`. Default `true` (faster).
   */
  codeGeneration: boolean;
}

/** Options of {@link AvroCodec.decodeData}. */
export interface AvroDecodeDataOptions {
  /**
   * The data record schema that wrote the bytes (JSON text or parsed), when it is not the newest
   * version: the datum is resolved into the newest version (Avro schema resolution). A schema
   * that does not parse or resolve is `UNKNOWN_SCHEMA`.
   */
  writerSchema?: AvroRecordSchema | string;
}

/** The defaults of {@link AvroCodecOptions}. */
export const AVRO_CODEC_DEFAULTS: Readonly<Omit<AvroCodecOptions, "types">> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxWriterSchemas: 32,
  maxSchemaDepth: 128,
  codeGeneration: true,
});

/** The Avro codec, with the writer schemas it knows. */
export type AvroCodec<M extends object = EventMap> = EventCodec<M> & {
  /** The Parsing Canonical Form and fingerprint of each writer schema, newest version first. */
  readonly writerSchemas: ReadonlyMap<string, readonly WriterSchema[]>;
  /**
   * Decodes the plain Avro datum of an event type's `data` (no `C3 01` header), written with the
   * newest version, or with `options.writerSchema` and resolved into the newest version.
   */
  decodeData(eventType: string, bytes: Uint8Array, options?: AvroDecodeDataOptions): M[keyof M & string];
};

const MAGIC_0 = 0xc3;
const MAGIC_1 = 0x01;
const HEADER_SIZE = 10;

interface Version {
  readonly writer: WriterSchema;
  readonly read: Read;
}

interface EventTypeEntry {
  readonly eventType: string;
  readonly write: Write;
  readonly header: Uint8Array;
  readonly versions: readonly Version[];
  readonly writers: WriterCache;
}

interface DecodeCandidate {
  readonly eventType: string;
  readonly fingerprint: Uint8Array;
  readonly read: Read;
}

/**
 * Makes the Avro codec: Avro single-object encoding (`C3 01`, the CRC-64-AVRO fingerprint of the
 * writer schema, the Avro binary body) of the `eventwire.v1.Envelope` record. Schemas are parsed,
 * fingerprinted and compiled once, here.
 *
 * @example
 * ```ts
 * const codec = createAvroCodec({ types: { user_login: { type: "record", name: "UserLogin",
 *   fields: [{ name: "user_id", type: "string" }, { name: "ip", type: "string" }] } } });
 * codec.decode(codec.encode(envelope));
 * ```
 */
export function createAvroCodec<M extends object = EventMap>(
  options: Partial<AvroCodecOptions> & Pick<AvroCodecOptions, "types">,
): AvroCodec<M> {
  const settings: AvroCodecOptions = { ...AVRO_CODEC_DEFAULTS, ...options };
  const entries = new Map<string, EventTypeEntry>();
  const candidates = new Map<number, DecodeCandidate[]>();
  for (const [eventType, schemas] of Object.entries(settings.types)) {
    const versions = Array.isArray(schemas) ? schemas : [schemas as AvroRecordSchema];
    const entry = compileWith(settings.codeGeneration, () => buildEntry(eventType, versions, settings));
    entries.set(eventType, entry);
    for (const version of entry.versions) {
      const key = fingerprintKey(version.writer.fingerprint, 0);
      const list = candidates.get(key) ?? [];
      list.push({ eventType, fingerprint: version.writer.fingerprint, read: version.read });
      candidates.set(key, list);
    }
  }
  const sink = new Sink();
  const cursor = new Cursor();

  const encode = (envelope: EnvelopeOf<M>): Uint8Array => {
    const e = checkEnvelope(envelope as Envelope);
    const entry = entries.get(e.event_type);
    if (entry === undefined) throw unknownType(e.event_type);
    sink.pos = 0;
    sink.ensure(HEADER_SIZE);
    sink.bytes.set(entry.header, 0);
    sink.pos = HEADER_SIZE;
    writeString(sink, e.event_id);
    writeString(sink, e.event_type);
    writeLong(sink, epochMicrosFromParts(e.parts));
    writeString(sink, e.source);
    try {
      entry.write(sink, e.data);
    } catch (error) {
      throw envelopeErrorFrom(error, e.event_type, "INVALID_DATA");
    }
    return sink.take();
  };

  const decode = (bytes: Uint8Array): EnvelopeOf<M> => {
    checkInput(bytes, settings.maxBytes, "decode");
    if (bytes.length < HEADER_SIZE || bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) {
      throw new EnvelopeError("MALFORMED", "not Avro single-object encoding (it starts with C3 01 and a fingerprint)");
    }
    const known = candidates.get(fingerprintKey(bytes, 2)) ?? NONE;
    if (!known.some((c) => sameFingerprint(c.fingerprint, bytes))) {
      throw new EnvelopeError("UNKNOWN_SCHEMA", `no writer schema has the fingerprint ${hex(bytes.subarray(2, 10))}`);
    }
    cursor.bytes = bytes;
    cursor.pos = HEADER_SIZE;
    const eventId = readHeaderString(cursor, "event_id");
    const eventType = readHeaderString(cursor, "event_type");
    const timestamp = readTimestamp(cursor, eventType);
    const source = readHeaderString(cursor, "source", eventType);
    const candidate = known.find((c) => c.eventType === eventType && sameFingerprint(c.fingerprint, bytes));
    if (candidate === undefined) {
      const code = entries.has(eventType) ? "UNKNOWN_SCHEMA" : "UNKNOWN_EVENT_TYPE";
      throw new EnvelopeError(code, "the fingerprint is not a writer schema of this event type", {
        path: "/event_type",
        eventType,
      });
    }
    let data: unknown;
    try {
      data = candidate.read(cursor);
    } catch (error) {
      throw envelopeErrorFrom(error, eventType, "MALFORMED");
    } finally {
      cursor.bytes = EMPTY;
    }
    if (cursor.pos !== bytes.length) {
      throw new EnvelopeError("MALFORMED", `${bytes.length - cursor.pos} bytes follow the envelope`, { eventType });
    }
    return { event_id: eventId, event_type: eventType, timestamp, source, data } as EnvelopeOf<M>;
  };

  const encodeData = (eventType: string, data: unknown): Uint8Array => {
    const entry = entryOf(entries, eventType);
    sink.pos = 0;
    try {
      entry.write(sink, data);
    } catch (error) {
      throw envelopeErrorFrom(error, eventType, "INVALID_DATA");
    }
    return sink.take();
  };

  const decodeData = (eventType: string, bytes: Uint8Array, options?: AvroDecodeDataOptions) => {
    const entry = entryOf(entries, eventType);
    checkInput(bytes, settings.maxBytes, "decodeData");
    const read = options?.writerSchema === undefined ? (entry.versions[0] as Version).read : writerRead(entry, options);
    cursor.bytes = bytes;
    cursor.pos = 0;
    try {
      const data = read(cursor);
      if (cursor.pos !== bytes.length) malformed(`${bytes.length - cursor.pos} bytes follow the data`);
      return data as M[keyof M & string];
    } catch (error) {
      throw envelopeErrorFrom(error, eventType, "MALFORMED");
    } finally {
      cursor.bytes = EMPTY;
    }
  };

  const writerSchemas = new Map([...entries].map(([type, entry]) => [type, entry.versions.map((v) => v.writer)]));
  return {
    name: "avro",
    contentType: "avro/binary",
    dataContentType: "application/avro",
    binary: true,
    encode,
    decode,
    encodeData,
    decodeData,
    writerSchemas,
  };
}

const EMPTY = new Uint8Array(0);
const NONE: readonly DecodeCandidate[] = [];

function buildEntry(
  eventType: string,
  schemas: readonly AvroRecordSchema[],
  settings: AvroCodecOptions,
): EventTypeEntry {
  if (schemas.length === 0) throw new TypeError(`event type ${JSON.stringify(eventType)} has no Avro schema`);
  const types = schemas.map((schema) => parseWriter(eventType, schema, settings.maxSchemaDepth));
  const newest = types[0] as ParsedWriter;
  const read = compileReader(newest.data);
  const versions = types.map((parsed, i): Version => {
    if (i === 0) return { writer: parsed.writer, read };
    const what = `version ${i} of event type ${JSON.stringify(eventType)}`;
    return { writer: parsed.writer, read: compileResolvingReader(newest.data, parsed.data, what) };
  });
  const header = new Uint8Array(HEADER_SIZE);
  header.set([MAGIC_0, MAGIC_1]);
  header.set(newest.writer.fingerprint, 2);
  // A writer schema given to decodeData that is one of the versions reads as that version does.
  const known = new Map(types.map((parsed, i) => [canonicalFormOf(parsed.data), (versions[i] as Version).read]));
  const writers = new WriterCache(newest.data, eventType, settings, known);
  return { eventType, write: compileWriter(newest.data), header, versions, writers };
}

function entryOf(entries: ReadonlyMap<string, EventTypeEntry>, eventType: string): EventTypeEntry {
  checkHeaderString(eventType, "event_type");
  const entry = entries.get(eventType);
  if (entry === undefined) throw unknownType(eventType);
  return entry;
}

/** The reader for data from another writer schema; one that does not parse or resolve is UNKNOWN_SCHEMA. */
function writerRead(entry: EventTypeEntry, options: AvroDecodeDataOptions): Read {
  try {
    return entry.writers.readerFor(options.writerSchema);
  } catch (error) {
    const code = (error as Error).cause instanceof SchemaDepthError ? "LIMIT_EXCEEDED" : "UNKNOWN_SCHEMA";
    throw new EnvelopeError(code, (error as Error).message, {
      path: "/data",
      eventType: entry.eventType,
      cause: error,
    });
  }
}

function unknownType(eventType: string): EnvelopeError {
  return new EnvelopeError("UNKNOWN_EVENT_TYPE", "no Avro schema is registered for this event type", {
    path: "/event_type",
    eventType,
  });
}
