import type { Envelope, EnvelopeOf, EventMap } from "./envelope.js";

/**
 * A text codec sets this key to `true` when its `encodeText` cannot write CR or LF by
 * construction (every string escaped by JSON's rules, as `JSON.stringify` does); `frameEnvelope`
 * then does not scan each payload for them. A text codec without it is scanned, and refused if
 * it broke the one-line promise of `binary: false`. `Symbol.for`, so that two copies of the
 * package agree.
 */
export const ONE_LINE_TEXT: unique symbol = Symbol.for("eventwire.oneLineText");

/**
 * One wire format for envelopes. Every codec package exports one factory that returns this.
 *
 * `decode` always returns the canonical envelope; given any bytes at all it returns an
 * envelope or throws an `EnvelopeError`.
 *
 * @typeParam TData - the type of `data`.
 * @typeParam TEnvelope - the envelope type; {@link EventCodec} narrows it by `event_type`.
 */
export interface Codec<TData = unknown, TEnvelope extends Envelope<TData> = Envelope<TData>> {
  /** `"json"`, `"avro"` or `"protobuf"`. */
  readonly name: string;
  /** The MIME type of one encoded envelope. */
  readonly contentType: string;
  /** `false`: the encoding is UTF-8 text with no CR or LF, and `encodeText`/`decodeText` exist. */
  readonly binary: boolean;
  encode(envelope: TEnvelope): Uint8Array;
  decode(bytes: Uint8Array): TEnvelope;
  /**
   * The MIME type of `data` alone, as {@link Codec.encodeData} writes it: `"application/json"`,
   * `"application/avro"` or `"application/protobuf"`.
   */
  readonly dataContentType: string;
  /**
   * Encodes the `data` of an event type without the envelope around it (JSON text, the plain
   * Avro binary datum with no single-object header, or the Protobuf message), validated as
   * `encode` validates it. Errors carry the path `/data/…` and the event type.
   */
  encodeData(eventType: string, data: unknown): Uint8Array;
  /**
   * Decodes what {@link Codec.encodeData} wrote, validated exactly as inside `decode`. Errors
   * carry the path `/data/…` and the event type; a type the codec does not know is
   * `UNKNOWN_EVENT_TYPE`.
   */
  decodeData(eventType: string, bytes: Uint8Array): TData;
  /** The text form of a text codec, so that SSE framing needs no round trip through bytes. */
  encodeText?(envelope: TEnvelope): string;
  decodeText?(text: string): TEnvelope;
  /** `true`: `encodeText` cannot write CR or LF, so `frameEnvelope` need not look (see {@link ONE_LINE_TEXT}). */
  readonly [ONE_LINE_TEXT]?: boolean;
}

/** A codec over the event types of an {@link EventMap}: decoded envelopes narrow by `event_type`. */
export type EventCodec<M extends object> = Codec<M[keyof M & string], EnvelopeOf<M>>;

/** A codec that is text: `encodeText` and `decodeText` are there. */
export type TextCodec<TData = unknown, TEnvelope extends Envelope<TData> = Envelope<TData>> = Codec<TData, TEnvelope> &
  Required<Pick<Codec<TData, TEnvelope>, "encodeText" | "decodeText">>;

/** True when the codec offers its text form. */
export function isTextCodec<TData, TEnvelope extends Envelope<TData>>(
  codec: Codec<TData, TEnvelope>,
): codec is TextCodec<TData, TEnvelope> {
  return !codec.binary && typeof codec.encodeText === "function" && typeof codec.decodeText === "function";
}
