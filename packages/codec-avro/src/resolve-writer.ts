import { compileWith, malformed } from "@eventwire/envelope-core/wire";
import avro from "avsc";
import type { AvroType } from "./avro-type.js";
import { convertAvscValue } from "./from-avsc.js";
import { compileReader, type Read } from "./read-avro.js";

/** The newest version of an event type's data record: what older writers resolve into. */
export interface ReaderType {
  readonly avsc: avro.Type;
  readonly data: AvroType;
}

/**
 * A reader of data written with an older `writer` record into the shape of `reader`. The
 * writer's own compiled reader checks the bytes (lengths, counts, UTF-8) first; then avsc's
 * resolver, built once here, reads them into the newest shape. Throws a `TypeError` when the
 * two cannot resolve (Avro schema resolution).
 */
export function compileResolvingReader(reader: ReaderType, writer: ReaderType, what: string): Read {
  const check = compileReader(writer.data);
  let resolver: ReturnType<avro.Type["createResolver"]>;
  try {
    resolver = reader.avsc.createResolver(writer.avsc);
  } catch (error) {
    throw new TypeError(`${what} cannot be read as the newest version: ${String(error)}`, { cause: error });
  }
  return (c) => {
    const start = c.pos;
    check(c);
    const { value, offset } = reader.avsc.decode(asBuffer(c.bytes), start, resolver);
    if (offset !== c.pos) malformed("the older writer's data did not resolve");
    return convertAvscValue(reader.data, value);
  };
}

/**
 * Parses a data record schema on its own (as a schema registry holds it), names resolving as
 * inside the envelope: a record without a namespace takes `eventwire.v1`.
 */
export function parseDataSchema(schema: unknown, what: string): ReaderType {
  let type: avro.Type;
  try {
    const json = typeof schema === "string" ? JSON.parse(schema) : schema;
    type = avro.Type.forSchema(json as avro.Schema, { registry: {}, namespace: "eventwire.v1" });
  } catch (error) {
    throw new TypeError(`${what} is not a valid Avro schema: ${String(error)}`, { cause: error });
  }
  const data = type as unknown as AvroType;
  if (data.typeName !== "record" && data.typeName !== "error") throw new TypeError(`${what} must be a record`);
  return { avsc: type, data };
}

/**
 * Readers of data written with other writer schemas of one event type, made on first use and
 * kept by Parsing Canonical Form. At most `limit` are kept, so that writer schemas arriving from
 * outside (a schema registry) cannot grow memory without bound.
 */
export class WriterCache {
  readonly #readers = new Map<string, Read>();

  constructor(
    private readonly reader: ReaderType,
    private readonly eventType: string,
    private readonly settings: { readonly maxWriterSchemas: number; readonly codeGeneration: boolean },
  ) {}

  /** The reader for data that `schema` (JSON text or a parsed schema) wrote. */
  readerFor(schema: unknown): Read {
    const writer = parseDataSchema(schema, `a writer schema of event type ${JSON.stringify(this.eventType)}`);
    const key = JSON.stringify(writer.avsc.schema());
    const known = this.#readers.get(key);
    if (known !== undefined) return known;
    const what = `a writer schema of ${JSON.stringify(this.eventType)}`;
    const read = compileWith(this.settings.codeGeneration, () => compileResolvingReader(this.reader, writer, what));
    // The oldest entry goes first: a Map iterates in insertion order.
    if (this.#readers.size >= this.settings.maxWriterSchemas)
      this.#readers.delete(this.#readers.keys().next().value as string);
    this.#readers.set(key, read);
    return read;
  }
}

type BufferLike = { from(buffer: ArrayBufferLike, offset: number, length: number): Uint8Array };

function asBuffer(bytes: Uint8Array): Buffer {
  const BufferClass = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (BufferClass === undefined) {
    return malformed("resolving an older writer schema needs Buffer (Node, or a bundler's polyfill)");
  }
  return BufferClass.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Buffer;
}
