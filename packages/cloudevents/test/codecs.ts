import type { Codec, Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes } from "@eventwire/schemas";
import { createExampleCodecs } from "@eventwire/testkit";

/** The three codecs over the example types of `schemas/`, as the other packages' tests build them. */
export const codecs: readonly Codec[] = Object.values(createExampleCodecs());

/**
 * One envelope per example type, each with a time that has microseconds (the examples have
 * milliseconds), so that every test sees whether the microseconds survive.
 */
export const envelopes: readonly Envelope[] = Object.values(exampleEnvelopes()).map((envelope, index) => ({
  ...envelope,
  timestamp: envelope.timestamp.replace(/Z$/, `${String(100 + index * 37).padStart(3, "0")}Z`),
}));

/** What the cloudevents SDK keeps of a time: it truncates to milliseconds with `toISOString`. */
export function truncateToMillis(timestamp: string): string {
  return new Date(timestamp).toISOString();
}
