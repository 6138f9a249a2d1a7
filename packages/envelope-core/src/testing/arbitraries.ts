import fc from "fast-check";
import type { Envelope } from "../envelope.js";
import { type EpochParts, formatTimestamp, MAX_EPOCH_SECONDS, MIN_EPOCH_SECONDS } from "../timestamp.js";

/**
 * The JSON Schema subset that describes the data types all three codecs carry alike:
 * string, boolean, 32-bit integer, finite double, enum of strings, array, nested record
 * (with optional fields), and map of string keys.
 */
export type SharedSchema =
  | { type: "string"; enum?: readonly string[] }
  | { enum: readonly string[] }
  | { type: "boolean" }
  | { type: "integer"; minimum?: number; maximum?: number }
  | { type: "number" }
  | { type: "array"; items: SharedSchema }
  | {
      type: "object";
      properties: Readonly<Record<string, SharedSchema>>;
      required?: readonly string[];
      additionalProperties?: false;
    }
  | { type: "object"; additionalProperties: SharedSchema };

/** Limits on generated data, to keep runs fast. */
export interface DataArbitraryOptions {
  /** Longest generated string, in code points. Default 16. */
  maxStringLength: number;
  /** Most elements in an array or entries in a map. Default 5. */
  maxItems: number;
}

const DEFAULT_DATA_OPTIONS: Readonly<DataArbitraryOptions> = { maxStringLength: 16, maxItems: 5 };

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** Any string of Unicode scalar values (astral characters, controls and NUL included). */
export function unicodeStringArbitrary(maxLength = 16, minLength = 0): fc.Arbitrary<string> {
  return fc.string({ unit: "binary", minLength, maxLength });
}

/**
 * Finite doubles. `-0` comes out as `0`: JSON and proto3 do not carry the sign of zero
 * (documented in each codec's README).
 */
export function finiteDoubleArbitrary(): fc.Arbitrary<number> {
  return fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
}

/** Map keys: any string, with the keys that trip naive code (`__proto__`, `constructor`) often. */
export function mapKeyArbitrary(maxLength = 16): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 9, arbitrary: unicodeStringArbitrary(maxLength) },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty") },
  );
}

/** Builds an arbitrary of data values from a schema of the shared type set. */
export function dataArbitrary(
  schema: SharedSchema,
  options: Partial<DataArbitraryOptions> = {},
): fc.Arbitrary<unknown> {
  const limits = { ...DEFAULT_DATA_OPTIONS, ...options };
  return build(schema, limits);
}

function build(schema: SharedSchema, limits: DataArbitraryOptions): fc.Arbitrary<unknown> {
  if ("enum" in schema && schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (!("type" in schema)) throw new TypeError("schema has neither type nor enum");
  switch (schema.type) {
    case "string":
      return unicodeStringArbitrary(limits.maxStringLength);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: schema.minimum ?? INT32_MIN, max: schema.maximum ?? INT32_MAX });
    case "number":
      return finiteDoubleArbitrary();
    case "array":
      return fc.array(build(schema.items, limits), { maxLength: limits.maxItems });
    case "object":
      return "properties" in schema
        ? recordArbitrary(schema, limits)
        : mapArbitrary(schema.additionalProperties, limits);
  }
}

function recordArbitrary(
  schema: { properties: Readonly<Record<string, SharedSchema>>; required?: readonly string[] },
  limits: DataArbitraryOptions,
): fc.Arbitrary<unknown> {
  // Generated under stand-in keys and copied as own properties: fast-check assigns keys, and
  // assigning `__proto__` would set the prototype instead of making a field.
  const names = Object.keys(schema.properties);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  names.forEach((name, i) => {
    fields[`f${i}`] = build(schema.properties[name] as SharedSchema, limits);
  });
  const required = (schema.required ?? []).map((name) => `f${names.indexOf(name)}`);
  return fc.record(fields, { requiredKeys: required, noNullPrototype: true }).map((record) => {
    const out: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (Object.hasOwn(record, `f${i}`)) {
        Object.defineProperty(out, name, {
          value: record[`f${i}`],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    });
    return out;
  });
}

function mapArbitrary(values: SharedSchema, limits: DataArbitraryOptions): fc.Arbitrary<unknown> {
  return fc.dictionary(mapKeyArbitrary(8), build(values, limits), {
    maxKeys: limits.maxItems,
    noNullPrototype: true,
  });
}

/** Epoch parts anywhere in 0001..9999, with whole seconds, milliseconds and microseconds all common. */
export function epochPartsArbitrary(): fc.Arbitrary<EpochParts> {
  return fc.record({
    seconds: fc.oneof(
      fc.integer({ min: MIN_EPOCH_SECONDS, max: MAX_EPOCH_SECONDS }),
      fc.constantFrom(MIN_EPOCH_SECONDS, MAX_EPOCH_SECONDS, 0, -1, 1_694_781_296),
    ),
    micros: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1000),
      fc.integer({ min: 0, max: 999_999 }),
      fc.constant(999_999),
    ),
  });
}

/** Canonical timestamps over the whole range 0001..9999. */
export function canonicalTimestampArbitrary(): fc.Arbitrary<string> {
  return epochPartsArbitrary().map(formatTimestamp);
}

/** An RFC 3339 spelling of a timestamp, with the canonical form it must normalize to. */
export interface TimestampVariant {
  readonly text: string;
  readonly canonical: string;
}

/**
 * Any valid RFC 3339 spelling of a time in range: an offset, lower-case `t`/`z`, and 0 to 9
 * fraction digits (the extra ones zeros), paired with the canonical form.
 */
export function timestampVariantArbitrary(): fc.Arbitrary<TimestampVariant> {
  return fc
    .record({
      parts: epochPartsArbitrary(),
      offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
      extraDigits: fc.integer({ min: 0, max: 3 }),
      lowerT: fc.boolean(),
      lowerZ: fc.boolean(),
    })
    .map(({ parts, offsetMinutes, extraDigits, lowerT, lowerZ }) => {
      const canonical = formatTimestamp(parts);
      const localSeconds = parts.seconds + offsetMinutes * 60;
      const offset = localSeconds < MIN_EPOCH_SECONDS || localSeconds > MAX_EPOCH_SECONDS ? 0 : offsetMinutes;
      const local = formatTimestamp({ seconds: parts.seconds + offset * 60, micros: 0 }).slice(0, 19);
      const fraction = spellFraction(parts.micros, extraDigits);
      const t = lowerT ? `${local.slice(0, 10)}t${local.slice(11)}` : local;
      const zone = offset !== 0 ? spellOffset(offset) : lowerZ ? "z" : extraDigits === 1 ? "+00:00" : "Z";
      return { text: `${t}${fraction}${zone}`, canonical };
    });
}

function spellFraction(micros: number, extraDigits: number): string {
  if (micros === 0 && extraDigits === 0) return "";
  let digits = String(micros).padStart(6, "0");
  while (digits.length > 1 && digits.endsWith("0") && digits.length > 6 - extraDigits) digits = digits.slice(0, -1);
  return `.${digits}${"0".repeat(extraDigits)}`;
}

function spellOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Options for {@link envelopeArbitrary}. */
export interface EnvelopeArbitraryOptions extends DataArbitraryOptions {
  /** Non-canonical timestamp spellings as well as canonical ones. Default true. */
  timestampVariants: boolean;
}

/** Envelopes of the given event types, with data generated from each type's schema. */
export function envelopeArbitrary(
  types: Readonly<Record<string, SharedSchema>>,
  options: Partial<EnvelopeArbitraryOptions> = {},
): fc.Arbitrary<Envelope> {
  const names = Object.keys(types);
  if (names.length === 0) throw new TypeError("envelopeArbitrary needs at least one event type");
  const headerString = fc.oneof(fc.uuid(), unicodeStringArbitrary(24, 1));
  const timestamp =
    options.timestampVariants === false
      ? canonicalTimestampArbitrary()
      : fc.oneof(
          canonicalTimestampArbitrary(),
          timestampVariantArbitrary().map((v) => v.text),
        );
  return fc.constantFrom(...names).chain((eventType) =>
    fc.record({
      event_id: headerString,
      event_type: fc.constant(eventType),
      timestamp,
      source: headerString,
      data: dataArbitrary(types[eventType] as SharedSchema, options),
    }),
  );
}
