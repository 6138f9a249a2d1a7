import { EnvelopeError, isEnvelopeError, normalizeTimestamp } from "@eventwire/envelope-core";
import { show } from "./percent-encoding.js";
import type { CloudEventAttributeValue, CloudEventExtensions } from "./types.js";

/** The only spec version this package reads and writes. */
export const SPEC_VERSION = "1.0";

/** The attributes an envelope maps. */
const MAPPED = new Set(["specversion", "id", "source", "type", "time", "datacontenttype"]);
/** Names no extension may have: the mapped attributes and the data members. */
const RESERVED = new Set([...MAPPED, "data", "data_base64"]);
const NAME = /^[a-z0-9]+$/;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** The envelope's header fields and the other context attributes, read and checked. */
export interface ContextAttributes {
  event_id: string;
  event_type: string;
  timestamp: string;
  source: string;
  /** `undefined` when the event has no `datacontenttype`. */
  contentType: string | undefined;
  extensions: CloudEventExtensions;
}

/**
 * Reads the context attributes of an event, given as attribute name → value (`null` and
 * `undefined` stand for an unset attribute, as the JSON format says). The caller leaves out
 * the data members it has read. `where` prefixes every error path (a batch's index).
 */
export function readContext(attributes: Iterable<[string, unknown]>, where = ""): ContextAttributes {
  const values = new Map<string, unknown>();
  for (const [name, value] of attributes) if (value !== null && value !== undefined) values.set(name, value);
  const eventType = requireString(values, "type", where, undefined);
  const at = (name: string) => ({ path: pointerTo(where, name), eventType });
  const specversion = values.get("specversion");
  if (specversion === undefined)
    throw new EnvelopeError("INVALID_ENVELOPE", "specversion is missing", at("specversion"));
  if (specversion !== SPEC_VERSION) {
    const text = typeof specversion === "string" ? show(specversion) : typeof specversion;
    throw new EnvelopeError("INVALID_ENVELOPE", `specversion must be "1.0", not ${text}`, at("specversion"));
  }
  const context: ContextAttributes = {
    event_id: requireString(values, "id", where, eventType),
    event_type: eventType,
    timestamp: readTime(values.get("time"), at("time")),
    source: requireString(values, "source", where, eventType),
    contentType: optionalString(values.get("datacontenttype"), at("datacontenttype")),
    extensions: {},
  };
  for (const [name, value] of values) {
    if (MAPPED.has(name)) continue;
    context.extensions[name] = checkExtension(name, value, at(name));
  }
  return context;
}

function requireString(values: Map<string, unknown>, name: string, where: string, eventType: string | undefined) {
  const value = values.get(name);
  const details = { path: pointerTo(where, name), eventType };
  if (value === undefined) throw new EnvelopeError("INVALID_ENVELOPE", `${name} is missing`, details);
  return checkText(value, name, details);
}

/** A non-empty string of well-formed Unicode (a lone surrogate has no UTF-8 form). */
export function checkText(value: unknown, name: string, details: { path: string; eventType?: string | undefined }) {
  if (typeof value !== "string") throw new EnvelopeError("INVALID_ENVELOPE", `${name} must be a string`, details);
  if (value.length === 0) throw new EnvelopeError("INVALID_ENVELOPE", `${name} must not be empty`, details);
  if (!value.isWellFormed()) throw new EnvelopeError("INVALID_ENVELOPE", `${name} has a lone surrogate`, details);
  return value;
}

function optionalString(value: unknown, details: { path: string; eventType: string }): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  throw new EnvelopeError("INVALID_ENVELOPE", "must be a string", details);
}

/** `time` is optional in CloudEvents but the envelope's timestamp is not: it is required here. */
function readTime(value: unknown, details: { path: string; eventType: string }): string {
  if (value === undefined) throw new EnvelopeError("INVALID_ENVELOPE", "time is missing", details);
  if (typeof value !== "string") throw new EnvelopeError("INVALID_ENVELOPE", "time must be a string", details);
  try {
    return normalizeTimestamp(value);
  } catch (error) {
    const reason = isEnvelopeError(error) ? error.reason : String(error);
    throw new EnvelopeError("INVALID_ENVELOPE", reason, { ...details, cause: error });
  }
}

/**
 * Checks one attribute the envelope has no field for: a valid name (lower-case ASCII letters
 * and digits) and a value of the CloudEvents type system (string, boolean, 32-bit integer).
 */
export function checkExtension(
  name: string,
  value: unknown,
  details: { path: string; eventType?: string | undefined },
): CloudEventAttributeValue {
  if (!NAME.test(name)) {
    throw new EnvelopeError("INVALID_ENVELOPE", `${show(name)} is not an attribute name (a-z, 0-9)`, details);
  }
  if (RESERVED.has(name)) {
    throw new EnvelopeError("INVALID_ENVELOPE", `${name} is not an extension attribute`, details);
  }
  if (typeof value === "string") {
    if (!value.isWellFormed()) throw new EnvelopeError("INVALID_ENVELOPE", "a lone surrogate", details);
    return value;
  }
  if ((name === "subject" || name === "dataschema") && typeof value !== "string") {
    throw new EnvelopeError("INVALID_ENVELOPE", `${name} must be a string`, details);
  }
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return value;
  throw new EnvelopeError(
    "INVALID_ENVELOPE",
    `an attribute is a string, a boolean or a 32-bit integer, not ${describe(value)}`,
    details,
  );
}

/** A JSON pointer one segment deeper, `~` and `/` escaped as RFC 6901 says. */
function pointerTo(pointer: string, segment: string): string {
  return `${pointer}/${segment.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** Checks the extensions a caller asks to write, and returns them as entries. */
export function extensionEntries(
  extensions: CloudEventExtensions | undefined,
  eventType: string,
): [string, CloudEventAttributeValue][] {
  if (extensions === undefined) return [];
  if (typeof extensions !== "object" || extensions === null) {
    throw new EnvelopeError("INVALID_ENVELOPE", "extensions must be an object", { path: "/extensions", eventType });
  }
  return Object.entries(extensions).map(([name, value]) => [
    name,
    checkExtension(name, value, { path: pointerTo("/extensions", name), eventType }),
  ]);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return `the number ${value}`;
  return typeof value;
}
