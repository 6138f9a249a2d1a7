import type { Envelope } from "@eventwire/envelope-core";
import { canonicalTimestampOf, checkEnvelope } from "@eventwire/envelope-core/wire";
import { compileWriter, type FastPath } from "./compile-writer.js";
import { EnvelopeWriter } from "./envelope-writer.js";
import type { JsonSchema, JsonValidator } from "./json-schema.js";

/** What {@link createFastWriters} needs of the codec's settings. */
export interface FastWriterSettings {
  readonly types: Readonly<Record<string, JsonSchema>>;
  readonly validators: Readonly<Record<string, JsonValidator>>;
  readonly codeGeneration: boolean;
}

/**
 * The codec's fast paths: the envelope (or data alone) as JSON text after the type's fast
 * check, or `undefined` when the check does not accept the value (or the type has none). The
 * caller then runs its ajv path, which says what is wrong: every refusal keeps its code, path
 * and message.
 */
export interface FastWriters {
  envelopeText(envelope: Envelope): string | undefined;
  dataText(eventType: string, data: unknown): string | undefined;
  /** Whether the type's fast check accepts `data`; `false` says only "ask ajv" (it has the reason). */
  accepts(eventType: string, data: unknown): boolean;
}

/**
 * Builds a fast check for every event type whose schema it understands. A type that also has a
 * precompiled validator keeps it as the last word: the validator runs before the check, since
 * it may check more than the schema given next to it.
 */
export function createFastWriters(settings: FastWriterSettings): FastWriters {
  const paths = new Map<string, FastPath>();
  const writers = new Map<string, EnvelopeWriter>();
  for (const [eventType, schema] of Object.entries(settings.types)) {
    const compiled = compileWriter(schema, { codeGeneration: settings.codeGeneration });
    if (compiled === undefined) continue;
    const validate = Object.hasOwn(settings.validators, eventType) ? settings.validators[eventType] : undefined;
    const path = validate === undefined ? compiled : withValidator(compiled, validate);
    paths.set(eventType, path);
    // A name that no envelope may carry (empty, a lone surrogate) gets the checked path's error.
    if (eventType.length > 0 && eventType.isWellFormed())
      writers.set(eventType, new EnvelopeWriter(eventType, path.check));
  }
  return {
    accepts: (eventType, data) => paths.get(eventType)?.check(data) === true,
    dataText: (eventType, data) => (paths.get(eventType)?.check(data) === true ? JSON.stringify(data) : undefined),
    envelopeText: (envelope) => {
      if (paths.size === 0) return undefined;
      if (typeof envelope === "object" && envelope !== null) {
        const eventType: unknown = envelope.event_type;
        const text = typeof eventType === "string" ? writers.get(eventType)?.write(envelope) : undefined;
        if (text !== undefined) return text;
      }
      const checked = checkEnvelope(envelope);
      if (paths.get(checked.event_type)?.check(checked.data) !== true) return undefined;
      const { event_id, event_type, source, data } = checked;
      return JSON.stringify({ event_id, event_type, timestamp: canonicalTimestampOf(checked), source, data });
    },
  };
}

/** A precompiled validator stays the last word: it may check more than the schema next to it. */
function withValidator(path: FastPath, validate: JsonValidator): FastPath {
  const { check } = path;
  return { check: (data) => validate(data) && check(data) };
}
