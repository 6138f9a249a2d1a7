import {
  type Envelope,
  EnvelopeError,
  type EnvelopeErrorDetails,
  type EnvelopeOf,
  type EventCodec,
  type EventMap,
  type TextCodec,
} from "@eventwire/envelope-core";
import {
  appendPointer,
  canonicalTimestampOf,
  checkEnvelope,
  checkHeaderString,
  decodeUtf8,
  encodeUtf8,
  ONE_LINE_TEXT,
} from "@eventwire/envelope-core/wire";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { checkFieldNames } from "./check-field-names.js";
import { checkJsonValue } from "./check-json-value.js";
import type { JsonSchema, JsonValidator } from "./json-schema.js";
import { isCanonicalEnvelope } from "./read-envelope.js";
import { createFastWriters } from "./write-envelope-text.js";

/** Options of {@link createJsonCodec}. */
export interface JsonCodecOptions {
  /** The JSON Schema of each event type's `data`, compiled with ajv when the codec is made. Default none. */
  types: Readonly<Record<string, JsonSchema>>;
  /**
   * Precompiled validators of event types (built with `ajv/dist/standalone`), used instead of
   * compiling their schemas: with a validator for every type, ajv's compiler is never called,
   * so the codec runs under a Content-Security-Policy without `'unsafe-eval'`. Default none.
   */
  validators: Readonly<Record<string, JsonValidator>>;
  /**
   * `false`: never generate code (`new Function`); every event type then needs a validator, and
   * a type with only a schema is a `TypeError` when the codec is made. Default `true`.
   */
  codeGeneration: boolean;
  /**
   * What `decode` and `encode` do with an `event_type` that has no schema: `"reject"` it with
   * `UNKNOWN_EVENT_TYPE` (the default), or `"accept"` any plain JSON `data`.
   */
  unknownTypes: "reject" | "accept";
  /** The largest input `decode` reads, in bytes (or UTF-16 units for `decodeText`). Default 1 MiB (see SECURITY.md). */
  maxBytes: number;
  /**
   * How deep `data` may nest when no schema bounds it (`unknownTypes: "accept"`), and how deep
   * `encode` walks data that ajv accepted but the fast check did not (a cycle ends there). Default 64.
   */
  maxDepth: number;
}

/** The defaults of {@link JsonCodecOptions}. */
export const JSON_CODEC_DEFAULTS: Readonly<JsonCodecOptions> = Object.freeze({
  types: Object.freeze({}),
  validators: Object.freeze({}),
  codeGeneration: true,
  unknownTypes: "reject",
  maxBytes: 1024 * 1024,
  maxDepth: 64,
});

/** The JSON codec: a text codec, so `encodeText` and `decodeText` are always there. */
export type JsonCodec<M extends object = EventMap> = EventCodec<M> & TextCodec<M[keyof M & string], EnvelopeOf<M>>;

/**
 * Makes the JSON codec. Each event type's schema is compiled once, here.
 *
 * @example
 * ```ts
 * const codec = createJsonCodec({ types: { user_login: userLoginSchema } });
 * const bytes = codec.encode(createEnvelope({ event_type: "user_login", source: "auth", data }));
 * codec.decode(bytes).data; // validated against userLoginSchema
 * ```
 */
export function createJsonCodec<M extends object = EventMap>(options: Partial<JsonCodecOptions>): JsonCodec<M> {
  const settings: JsonCodecOptions = { ...JSON_CODEC_DEFAULTS, ...options };
  for (const [eventType, schema] of Object.entries(settings.types)) checkFieldNames(eventType, schema);
  const validators = validatorsOf(settings);
  const fast = createFastWriters(settings);

  /**
   * Checks `data` against the schema of the envelope's type (the header is checked already).
   * `writing`: also that JSON.stringify writes what ajv saw, which the fast check's yes says
   * already, and which data fresh from JSON.parse always is.
   */
  const checkData = (eventType: string, data: unknown, writing: boolean): void => {
    if (fast.accepts(eventType, data)) return;
    const validate = validators.get(eventType);
    if (validate !== undefined) {
      if (!runValidator(validate, data, eventType)) throw errorFromAjv(validate.errors, eventType);
      if (writing) checkJsonValue(data, settings.maxDepth, "/data", eventType, true);
      return;
    }
    if (settings.unknownTypes === "reject") {
      throw new EnvelopeError("UNKNOWN_EVENT_TYPE", "no schema is registered for this event type", {
        path: "/event_type",
        eventType,
      });
    }
    checkJsonValue(data, settings.maxDepth, "/data", eventType);
  };

  /** The canonical envelope of a checked value: the five fields in order, the timestamp canonical. */
  const canonical = (value: Envelope, writing: boolean): Envelope => {
    const checked = checkEnvelope(value);
    checkData(checked.event_type, checked.data, writing);
    return {
      event_id: checked.event_id,
      event_type: checked.event_type,
      timestamp: canonicalTimestampOf(checked),
      source: checked.source,
      data: checked.data,
    };
  };

  const encodeText = (envelope: EnvelopeOf<M>): string =>
    fast.envelopeText(envelope as Envelope) ?? JSON.stringify(canonical(envelope as Envelope, true));

  const decodeText = (text: string): EnvelopeOf<M> => {
    if (typeof text !== "string") throw new EnvelopeError("MALFORMED", "decodeText takes a string");
    if (text.length > settings.maxBytes) throw tooLarge(text.length, settings.maxBytes);
    const value = parseJson(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new EnvelopeError("INVALID_ENVELOPE", `an envelope must be a JSON object, not ${describe(value)}`, {
        path: "",
      });
    }
    if (isCanonicalEnvelope(value, fast.accepts)) return value as EnvelopeOf<M>;
    return canonical(value as Envelope, false) as EnvelopeOf<M>;
  };

  /** The UTF-8 text of `bytes` given to `method`; decode and decodeData read alike (`where`: data alone). */
  const textOf = (bytes: Uint8Array, method: string, where?: EnvelopeErrorDetails): string => {
    if (!(bytes instanceof Uint8Array)) throw new EnvelopeError("MALFORMED", `${method} takes a Uint8Array`);
    if (bytes.length > settings.maxBytes) throw tooLarge(bytes.length, settings.maxBytes);
    // JSON text may start with a UTF-8 BOM (RFC 8259 lets a parser ignore it).
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const text = decodeUtf8(bytes, start, bytes.length);
    if (text === undefined) throw new EnvelopeError("MALFORMED", "the input is not valid UTF-8", where);
    return text;
  };

  return {
    name: "json",
    contentType: "application/json",
    dataContentType: "application/json",
    binary: false,
    // Its text is JSON.stringify's, or strings that NEEDS_CARE found free of control characters.
    [ONE_LINE_TEXT]: true,
    encodeData: (eventType, data) => {
      checkHeaderString(eventType, "event_type");
      const text = fast.dataText(eventType, data);
      if (text !== undefined) return encodeUtf8(text);
      checkData(eventType, data, true);
      return encodeUtf8(JSON.stringify(data));
    },
    decodeData: (eventType, bytes) => {
      checkHeaderString(eventType, "event_type");
      const where = { path: "/data", eventType };
      const data = parseJson(textOf(bytes, "decodeData", where), where);
      checkData(eventType, data, false);
      return data as M[keyof M & string];
    },
    encodeText,
    decodeText,
    encode: (envelope) => encodeUtf8(encodeText(envelope)),
    decode: (bytes) => decodeText(textOf(bytes, "decode")),
  };
}

/** The validator of each event type: the one given, else its schema compiled (ajv made only then). */
function validatorsOf(settings: JsonCodecOptions): Map<string, JsonValidator> {
  const validators = new Map<string, JsonValidator>(Object.entries(settings.validators));
  const toCompile = Object.entries(settings.types).filter(([eventType]) => !validators.has(eventType));
  if (toCompile.length === 0) return validators;
  if (!settings.codeGeneration) {
    const names = toCompile.map(([eventType]) => JSON.stringify(eventType)).join(", ");
    throw new TypeError(`codeGeneration is false, so event types ${names} need precompiled validators`);
  }
  const ajv = createAjv();
  for (const [eventType, schema] of toCompile) {
    try {
      const existing = typeof schema.$id === "string" ? ajv.getSchema(schema.$id) : undefined;
      validators.set(eventType, existing ?? ajv.compile(schema as object));
    } catch (error) {
      throw new TypeError(
        `the JSON Schema of event type ${JSON.stringify(eventType)} does not compile: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  return validators;
}

/** Options of {@link createAjv}. */
export interface CreateAjvOptions {
  /** Keep the generated source, for `standaloneCode` from `ajv/dist/standalone` (as an ES module). Default `false`. */
  standalone: boolean;
}

/**
 * An ajv instance with the options the codec compiles schemas with. Build precompiled
 * validators with `createAjv({ standalone: true })` so that they validate exactly as the codec's own.
 *
 * @example
 * ```ts
 * const ajv = createAjv({ standalone: true });
 * const source = standaloneCode(ajv, ajv.compile(userLoginSchema)); // write it to a .js file
 * ```
 */
export function createAjv(options: Partial<CreateAjvOptions> = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    strictNumbers: true,
    allErrors: false,
    allowUnionTypes: true,
    // A field named like an Object.prototype member (constructor, toString) is absent unless own.
    ownProperties: true,
    ...(options.standalone === true ? { code: { source: true, esm: true } } : {}),
  });
  addFormats.default(ajv);
  return ajv;
}

/** Runs a validator; a recursive schema on data nested too deep overflows the stack, which is said as a limit. */
function runValidator(validate: JsonValidator, data: unknown, eventType: string): boolean {
  try {
    return validate(data);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new EnvelopeError("LIMIT_EXCEEDED", "data nests too deep", { path: "/data", eventType });
  }
}

function errorFromAjv(errors: JsonValidator["errors"], eventType: string): EnvelopeError {
  const error = errors?.[0] as ErrorObject | undefined;
  if (error === undefined) return new EnvelopeError("INVALID_DATA", "does not match the schema", { eventType });
  let path = `/data${error.instancePath}`;
  if (error.keyword === "additionalProperties") path = appendPointer(path, String(error.params.additionalProperty));
  if (error.keyword === "required") path = appendPointer(path, String(error.params.missingProperty));
  const message =
    error.keyword === "additionalProperties"
      ? "field is not declared by the schema"
      : error.keyword === "required"
        ? "is required"
        : (error.message ?? "does not match the schema");
  return new EnvelopeError("INVALID_DATA", message, { path, eventType });
}

function parseJson(text: string, where?: EnvelopeErrorDetails): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EnvelopeError("MALFORMED", `not JSON: ${(error as Error).message}`, { ...where, cause: error });
  }
}

function tooLarge(size: number, limit: number): EnvelopeError {
  return new EnvelopeError("LIMIT_EXCEEDED", `the input is ${size} bytes, over maxBytes ${limit}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
