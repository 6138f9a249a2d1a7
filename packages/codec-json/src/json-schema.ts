import type { ErrorObject } from "ajv/dist/2020.js";

/** A JSON Schema object (draft 2020-12 unless it says otherwise). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * A validator of one event type's `data`: what ajv's `compile` returns, or the default export of
 * a module that `ajv/dist/standalone` wrote. On failure it sets `errors` as ajv does.
 */
export type JsonValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null | undefined };
