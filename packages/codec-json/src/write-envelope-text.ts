import { canonicalTimestampOf, checkEnvelope, type Envelope } from "@eventwire/envelope-core";
import { compileWriter, type FastPath } from "./compile-writer.js";
import type { JsonSchema, JsonValidator } from "./create-json-codec.js";
import { quoteJsonString } from "./write-json-string.js";

/** What {@link createFastWriters} needs of the codec's settings. */
export interface FastWriterSettings {
  readonly types: Readonly<Record<string, JsonSchema>>;
  readonly validators: Readonly<Record<string, JsonValidator>>;
  readonly codeGeneration: boolean;
}

/**
 * The codec's fast encoders: the envelope (or data alone) as JSON text, checked against the
 * event type's schema while it is written, or `undefined` when the writer does not accept the
 * value (or has none for the type). The caller then runs its validating path, which says what
 * is wrong: every refusal keeps its code, path and message.
 */
export interface FastWriters {
  envelopeText(envelope: Envelope): string | undefined;
  dataText(eventType: string, data: unknown): string | undefined;
  /** Whether the type's fast check accepts `data`; `false` says only "ask ajv" (it has the reason). */
  accepts(eventType: string, data: unknown): boolean;
}

/**
 * Builds a writer for every event type whose schema the writers understand. A type that also
 * has a precompiled validator keeps it as the last word: the validator runs after the writer
 * accepts, since it may check more than the schema given next to it.
 */
export function createFastWriters(settings: FastWriterSettings): FastWriters {
  const paths = new Map<string, FastPath>();
  for (const [eventType, schema] of Object.entries(settings.types)) {
    const path = compileWriter(schema, { codeGeneration: settings.codeGeneration });
    if (path === undefined) continue;
    const validate = Object.hasOwn(settings.validators, eventType) ? settings.validators[eventType] : undefined;
    paths.set(eventType, validate === undefined ? path : withValidator(path, validate));
  }
  return {
    accepts: (eventType, data) => paths.get(eventType)?.check(data) === true,
    dataText: (eventType, data) => {
      const path = paths.get(eventType);
      if (path === undefined) return undefined;
      if (path.write !== undefined) return path.write(data);
      return path.check(data) ? JSON.stringify(data) : undefined;
    },
    envelopeText: (envelope) => {
      if (paths.size === 0) return undefined;
      const checked = checkEnvelope(envelope);
      const path = paths.get(checked.event_type);
      if (path === undefined) return undefined;
      const timestamp = canonicalTimestampOf(checked);
      if (path.write === undefined) {
        if (!path.check(checked.data)) return undefined;
        const { event_id, event_type, source, data } = checked;
        return JSON.stringify({ event_id, event_type, timestamp, source, data });
      }
      const data = path.write(checked.data);
      if (data === undefined) return undefined;
      return (
        `{"event_id":${quoteJsonString(checked.event_id)},"event_type":${quoteJsonString(checked.event_type)}` +
        `,"timestamp":${quoteJsonString(timestamp)},"source":${quoteJsonString(checked.source)},"data":${data}}`
      );
    },
  };
}

/** A precompiled validator stays the last word: it may check more than the schema next to it. */
function withValidator(path: FastPath, validate: JsonValidator): FastPath {
  const { check, write } = path;
  return {
    check: (data) => validate(data) && check(data),
    write: write === undefined ? undefined : (data) => (validate(data) ? write(data) : undefined),
  };
}
