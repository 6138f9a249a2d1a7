import type { Codec } from "@eventwire/envelope-core";
import type { SseHandlerOptions } from "./options.js";

/** What one client asked for, read from its URL and headers. */
export interface ClientQuery {
  readonly format: string;
  readonly codec: Codec;
  /** Only these types; all when undefined. */
  readonly types: ReadonlySet<string> | undefined;
  /** Resume strictly after this position; only new entries when undefined. */
  readonly after: string | undefined;
  /** End the stream after this many envelopes. */
  readonly limit: number;
}

/** Bounds that keep a query's cost small whatever a client sends. */
const MAX_TYPES = 64;
const MAX_NAME_LENGTH = 256;
const MAX_POSITION_LENGTH = 256;

/**
 * Reads `?format=`, `?types=`, `?limit=` and the resume position (the `Last-Event-ID` header,
 * else the first of `resumeParams` present). Returns the query, or the message of a 400.
 */
export function parseQuery(
  url: URL,
  lastEventIdHeader: string | undefined,
  resumeParams: readonly string[],
  options: SseHandlerOptions,
): ClientQuery | string {
  const names = Object.keys(options.codecs);
  const format = url.searchParams.get("format") ?? (names[0] as string);
  const codec = Object.hasOwn(options.codecs, format) ? options.codecs[format] : undefined;
  if (codec === undefined) return `format must be one of ${names.join(", ")}, not ${JSON.stringify(format)}`;
  const types = parseTypes(url.searchParams.get("types"), options.eventTypes);
  if (typeof types === "string") return types;
  const limit = parseLimit(url.searchParams.get("limit"));
  if (typeof limit === "string") return limit;
  // The header wins: a browser sends it on reconnection with the newest id, while the URL keeps
  // the `?lastEventId=` it was opened with.
  let after = lastEventIdHeader === "" ? undefined : lastEventIdHeader;
  for (const name of resumeParams) after ??= url.searchParams.get(name) ?? undefined;
  if (after === "") after = undefined;
  if (after !== undefined && after.length > MAX_POSITION_LENGTH) {
    return `the resume position is longer than ${MAX_POSITION_LENGTH} characters`;
  }
  return { format, codec, types, after, limit };
}

function parseTypes(
  value: string | null,
  known: readonly string[] | undefined,
): ReadonlySet<string> | undefined | string {
  if (value === null) return undefined;
  const names = value.split(",");
  if (names.length > MAX_TYPES) return `types names at most ${MAX_TYPES} event types`;
  for (const name of names) {
    if (name === "" || name.length > MAX_NAME_LENGTH) {
      return `types must be a comma-separated list of event types, each 1 to ${MAX_NAME_LENGTH} characters`;
    }
    if (known !== undefined && !known.includes(name)) {
      return `types: ${JSON.stringify(name)} is not one of ${known.join(", ")}`;
    }
  }
  return new Set(names);
}

function parseLimit(value: string | null): number | string {
  if (value === null) return Number.POSITIVE_INFINITY;
  if (!/^[1-9]\d{0,8}$/.test(value)) return "limit must be a whole number from 1 to 999999999";
  return Number(value);
}
