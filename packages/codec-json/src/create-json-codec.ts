import {
  appendPointer,
  canonicalEnvelope,
  type Envelope,
  EnvelopeError,
  type EnvelopeOf,
  type EventCodec,
  type EventMap,
  normalizeTimestamp,
  type TextCodec,
} from "@eventwire/envelope-core";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { checkJsonValue } from "./check-json-value.js";

/** A JSON Schema object (draft 2020-12 unless it says otherwise). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Options of {@link createJsonCodec}. */
export interface JsonCodecOptions {
  /** The JSON Schema of each event type's `data`. */
  types: Readonly<Record<string, JsonSchema>>;
  /**
   * What `decode` and `encode` do with an `event_type` that has no schema: `"reject"` it with
   * `UNKNOWN_EVENT_TYPE` (the default), or `"accept"` any plain JSON `data`.
   */
  unknownTypes: "reject" | "accept";
  /** The largest input `decode` reads, in bytes (or UTF-16 units for `decodeText`). Default 16 MiB. */
  maxBytes: number;
  /** How deep `data` may nest when no schema bounds it (`unknownTypes: "accept"`). Default 64. */
  maxDepth: number;
}

/** The defaults of {@link JsonCodecOptions}. */
export const JSON_CODEC_DEFAULTS: Readonly<Omit<JsonCodecOptions, "types">> = Object.freeze({
  unknownTypes: "reject",
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
});

/** The JSON codec: a text codec, so `encodeText` and `decodeText` are always there. */
export type JsonCodec<M extends object = EventMap> = EventCodec<M> & TextCodec<M[keyof M & string], EnvelopeOf<M>>;

const ENVELOPE_HEADER = {
  event_id: { type: "string", minLength: 1 },
  event_type: { type: "string", minLength: 1 },
  timestamp: { type: "string", minLength: 1 },
  source: { type: "string", minLength: 1 },
};

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
export function createJsonCodec<M extends object = EventMap>(
  options: Partial<JsonCodecOptions> & Pick<JsonCodecOptions, "types">,
): JsonCodec<M> {
  const settings: JsonCodecOptions = { ...JSON_CODEC_DEFAULTS, ...options };
  const validators = compileValidators(settings.types);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const encoder = new TextEncoder();

  const check = (envelope: Envelope): void => {
    const eventType = envelope.event_type;
    const validate = validators.get(eventType);
    if (validate !== undefined) {
      if (!validate(envelope)) throw errorFromAjv(validate.errors, eventType);
      return;
    }
    if (settings.unknownTypes === "reject") {
      throw new EnvelopeError("UNKNOWN_EVENT_TYPE", "no schema is registered for this event type", {
        path: "/event_type",
        eventType,
      });
    }
    checkJsonValue(envelope.data, settings.maxDepth, "/data", eventType);
  };

  const encodeText = (envelope: EnvelopeOf<M>): string => {
    const canonical = canonicalEnvelope(envelope as Envelope);
    check(canonical);
    return `{"event_id":${JSON.stringify(canonical.event_id)},"event_type":${JSON.stringify(canonical.event_type)},"timestamp":"${canonical.timestamp}","source":${JSON.stringify(canonical.source)},"data":${JSON.stringify(canonical.data)}}`;
  };

  const decodeText = (text: string): EnvelopeOf<M> => {
    if (typeof text !== "string") throw new EnvelopeError("MALFORMED", "decodeText takes a string");
    if (text.length > settings.maxBytes) throw tooLarge(text.length, settings.maxBytes);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new EnvelopeError("MALFORMED", `not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new EnvelopeError("INVALID_ENVELOPE", `an envelope must be a JSON object, not ${describe(value)}`, {
        path: "",
      });
    }
    const eventType = (value as { event_type?: unknown }).event_type;
    if (typeof eventType !== "string" || eventType === "") {
      throw new EnvelopeError("INVALID_ENVELOPE", "event_type must be a non-empty string", { path: "/event_type" });
    }
    const envelope = value as Envelope;
    check(envelope);
    return {
      event_id: envelope.event_id,
      event_type: envelope.event_type,
      timestamp: normalizeTimestampFor(envelope),
      source: envelope.source,
      data: envelope.data,
    } as EnvelopeOf<M>;
  };

  return {
    name: "json",
    contentType: "application/json",
    binary: false,
    encodeText,
    decodeText,
    encode: (envelope) => encoder.encode(encodeText(envelope)),
    decode: (bytes) => {
      if (!(bytes instanceof Uint8Array)) throw new EnvelopeError("MALFORMED", "decode takes a Uint8Array");
      if (bytes.length > settings.maxBytes) throw tooLarge(bytes.length, settings.maxBytes);
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch (error) {
        throw new EnvelopeError("MALFORMED", "the input is not valid UTF-8", { cause: error });
      }
      return decodeText(text);
    },
  };
}

function compileValidators(types: Readonly<Record<string, JsonSchema>>): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ strict: true, strictNumbers: true, allErrors: false, allowUnionTypes: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const [eventType, schema] of Object.entries(types)) {
    const ref = typeof schema.$id === "string" ? schema.$id : `eventwire:data:${encodeURIComponent(eventType)}`;
    try {
      if (ajv.getSchema(ref) === undefined) ajv.addSchema(schema as object, ref);
      validators.set(
        eventType,
        ajv.compile({
          type: "object",
          properties: { ...ENVELOPE_HEADER, data: { $ref: ref } },
          required: ["event_id", "event_type", "timestamp", "source", "data"],
          additionalProperties: false,
        }),
      );
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

function errorFromAjv(errors: ValidateFunction["errors"], eventType: string): EnvelopeError {
  const error = errors?.[0] as ErrorObject | undefined;
  if (error === undefined) return new EnvelopeError("INVALID_DATA", "does not match the schema", { eventType });
  let path = error.instancePath;
  if (error.keyword === "additionalProperties") path = appendPointer(path, String(error.params.additionalProperty));
  if (error.keyword === "required") path = appendPointer(path, String(error.params.missingProperty));
  const inData = path === "/data" || path.startsWith("/data/");
  const message =
    error.keyword === "additionalProperties"
      ? `${inData ? "field" : "envelope field"} is not declared by the schema`
      : error.keyword === "required"
        ? "is required"
        : (error.message ?? "does not match the schema");
  return new EnvelopeError(inData ? "INVALID_DATA" : "INVALID_ENVELOPE", message, { path, eventType });
}

function normalizeTimestampFor(envelope: Envelope): string {
  try {
    return normalizeTimestamp(envelope.timestamp);
  } catch (error) {
    const reason = error instanceof EnvelopeError ? error.reason : String(error);
    throw new EnvelopeError("INVALID_ENVELOPE", reason, { path: "/timestamp", eventType: envelope.event_type });
  }
}

function tooLarge(size: number, limit: number): EnvelopeError {
  return new EnvelopeError("LIMIT_EXCEEDED", `the input is ${size} bytes, over maxBytes ${limit}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
