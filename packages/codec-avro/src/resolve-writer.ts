import { compileWith } from "@eventwire/envelope-core/wire";
import { type AvroType, isRecord } from "./avro-type.js";
import { canonicalFormOf } from "./canonical-form.js";
import { parseSchema } from "./parse-schema.js";
import type { Read } from "./read-avro.js";
import { compileResolver } from "./resolve-avro.js";

/** The namespace that a data record without one takes, inside the envelope and alone. */
export const DATA_NAMESPACE = "eventwire.v1";

/**
 * A reader of data written with an older `writer` record into the shape of `reader`, built once
 * here. Throws a `TypeError` when the two cannot resolve (Avro schema resolution).
 */
export function compileResolvingReader(reader: AvroType, writer: AvroType, what: string): Read {
  try {
    return compileResolver(writer, reader);
  } catch (error) {
    throw new TypeError(`${what} cannot be read as the newest version: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Parses a data record schema on its own (as a schema registry holds it), names resolving as
 * inside the envelope: a record without a namespace takes `eventwire.v1`.
 */
export function parseDataSchema(schema: unknown, what: string, maxSchemaDepth: number): AvroType {
  let type: AvroType;
  try {
    const json = typeof schema === "string" ? JSON.parse(schema) : schema;
    type = parseSchema(json, { namespace: DATA_NAMESPACE, maxDepth: maxSchemaDepth });
  } catch (error) {
    throw new TypeError(`${what} is not a valid Avro schema: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(type)) throw new TypeError(`${what} must be a record`);
  return type;
}

/**
 * Readers of data written with other writer schemas of one event type, made on first use and
 * kept by Parsing Canonical Form (and by the JSON text given, so that a schema that comes again
 * as text is not parsed again). At most `maxWriterSchemas` of each are kept, so that writer schemas
 * arriving from outside (a schema registry) cannot grow memory without bound.
 */
export class WriterCache {
  readonly #byForm = new Map<string, Read>();
  readonly #byText = new Map<string, Read>();

  /**
   * @param known readers by canonical form that are always kept: the codec's own versions, so that
   * a registry's copy of the newest reads with the newest's compiled reader, not a resolver.
   */
  constructor(
    private readonly reader: AvroType,
    private readonly eventType: string,
    private readonly settings: {
      readonly maxWriterSchemas: number;
      readonly maxSchemaDepth: number;
      readonly codeGeneration: boolean;
    },
    private readonly known: ReadonlyMap<string, Read> = new Map(),
  ) {}

  /** The reader for data that `schema` (JSON text or a parsed schema) wrote. */
  readerFor(schema: unknown): Read {
    if (typeof schema !== "string") return this.#compile(schema);
    const given = this.#byText.get(schema);
    if (given !== undefined) return given;
    const read = this.#compile(schema);
    this.#keep(this.#byText, schema, read);
    return read;
  }

  #compile(schema: unknown): Read {
    const named = `a writer schema of event type ${JSON.stringify(this.eventType)}`;
    const writer = parseDataSchema(schema, named, this.settings.maxSchemaDepth);
    const key = canonicalFormOf(writer);
    const known = this.known.get(key) ?? this.#byForm.get(key);
    if (known !== undefined) return known;
    const what = `a writer schema of ${JSON.stringify(this.eventType)}`;
    const read = compileWith(this.settings.codeGeneration, () => compileResolvingReader(this.reader, writer, what));
    this.#keep(this.#byForm, key, read);
    return read;
  }

  #keep(map: Map<string, Read>, key: string, read: Read): void {
    // The oldest entry goes first: a Map iterates in insertion order.
    if (map.size >= this.settings.maxWriterSchemas) map.delete(map.keys().next().value as string);
    map.set(key, read);
  }
}
