import type { Codec, Envelope } from "@eventwire/envelope-core";
import { EnvelopeError } from "@eventwire/envelope-core";
import { toEnvelopeError } from "@eventwire/envelope-core/wire";
import type { Cluster, Redis } from "ioredis";
import { compareStreamIds } from "./redis-stream-id.js";

/**
 * The stream fields: the id of the entry before this one (so that a reader can tell that
 * entries between were trimmed), the event type (so that `types` filters without decoding)
 * and the codec's bytes.
 */
export const PREVIOUS_FIELD = "p";
export const TYPE_FIELD = "t";
export const BYTES_FIELD = "e";

// Reading the newest id and adding after it must be one step, or two appends at once would
// both name the same predecessor. A script is atomic. KEYS: the stream, the event_id's
// duplicate key; ARGV: maxLength ("" for none), type, bytes, the duplicate window in ms ("0":
// none). An append retried after a lost reply finds its duplicate key and gets the first id.
const APPEND_SCRIPT = `
local window = tonumber(ARGV[4])
if window > 0 then
  local seen = redis.call('GET', KEYS[2])
  if seen then return seen end
end
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local previous = '0-0'
if #newest > 0 then previous = newest[1][1] end
local id
if ARGV[1] == '' then
  id = redis.call('XADD', KEYS[1], '*', 'p', previous, 't', ARGV[2], 'e', ARGV[3])
else
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'p', previous, 't', ARGV[2], 'e', ARGV[3])
end
if window > 0 then redis.call('SET', KEYS[2], id, 'PX', window) end
return id
`;

/** The id after which only new entries come: the last id the stream generated ("0-0" if none). */
const TAIL_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return '0-0' end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' then return info[i + 1] end
end
return '0-0'
`;

/** One stored entry; decoded at most once, however many readers share it. */
export interface StoredEntry {
  readonly position: string;
  readonly previous: string | undefined;
  readonly eventType: string | undefined;
  readonly bytes: Buffer | undefined;
  decoded?: Envelope | EnvelopeError;
}

interface ScriptCommands {
  eventwireAppend(
    key: string,
    duplicateKey: string,
    maxLength: string,
    eventType: string,
    bytes: Buffer,
    windowMs: string,
  ): Promise<string>;
  eventwireTail(key: string): Promise<string>;
}

/** Registers the scripts on a connection (ioredis sends EVALSHA, and the source once if needed). */
export function defineStreamScripts(redis: Redis | Cluster): void {
  redis.defineCommand("eventwireAppend", { numberOfKeys: 2, lua: APPEND_SCRIPT });
  redis.defineCommand("eventwireTail", { numberOfKeys: 1, lua: TAIL_SCRIPT });
}

/** What one append writes. */
export interface AppendRequest {
  readonly key: string;
  /** Trim to about this many entries ("" for never). */
  readonly maxLength: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly bytes: Buffer;
  /** How long an event_id is remembered, so that a retried append is stored once (0: not remembered). */
  readonly duplicateWindowMs: number;
}

/** Adds one entry after the newest and returns its id (the first one's, for a duplicate in the window). */
export function appendEntry(redis: Redis | Cluster, request: AppendRequest): Promise<string> {
  const duplicateKey = `{${hashTagOf(request.key)}}:eventwire-id:${request.eventId}`;
  const { key, maxLength, eventType, bytes } = request;
  const window = String(request.duplicateWindowMs);
  return (redis as unknown as ScriptCommands).eventwireAppend(key, duplicateKey, maxLength, eventType, bytes, window);
}

/**
 * What Redis Cluster hashes for `key`: its `{tag}` if it has a non-empty one, else all of it.
 * The duplicate keys carry the same tag, so that they share the stream's slot (a script may
 * only touch keys of one slot).
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Up to `count` entries strictly after `after`. */
export async function readRange(
  redis: Redis | Cluster,
  key: string,
  after: string,
  count: number,
): Promise<StoredEntry[]> {
  const rows = await redis.xrangeBuffer(key, `(${after}`, "+", "COUNT", count);
  return rows.map(toStoredEntry);
}

/** The last id the stream generated, "0-0" when it does not exist yet. */
export function readTailId(redis: Redis | Cluster, key: string): Promise<string> {
  return (redis as unknown as ScriptCommands).eventwireTail(key);
}

/**
 * True when entries between `after` and `entry` (the first one held after it) were trimmed:
 * the entry names a predecessor newer than `after`. Exact, also when `after` itself was
 * trimmed. An entry that another program added without the field says nothing.
 */
export function followsGap(entry: StoredEntry, after: string): boolean {
  return entry.previous !== undefined && compareStreamIds(entry.previous, after) > 0;
}

function toStoredEntry([id, fields]: [Buffer, Buffer[]]): StoredEntry {
  return parseFields(id, fields);
}

function parseFields(id: Buffer, fields: Buffer[]): StoredEntry {
  let previous: string | undefined;
  let eventType: string | undefined;
  let bytes: Buffer | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]?.toString("latin1");
    if (name === PREVIOUS_FIELD) previous = fields[i + 1]?.toString("latin1");
    else if (name === TYPE_FIELD) eventType = fields[i + 1]?.toString("utf8");
    else if (name === BYTES_FIELD) bytes = fields[i + 1];
  }
  return { position: id.toString("latin1"), previous, eventType, bytes };
}

/** The entry's envelope, or the EnvelopeError that says why its bytes are not one (memoized). */
export function decodeStoredEntry(entry: StoredEntry, codec: Codec): Envelope | EnvelopeError {
  if (entry.decoded !== undefined) return entry.decoded;
  entry.decoded = decodeBytes(entry, codec);
  return entry.decoded;
}

function decodeBytes(entry: StoredEntry, codec: Codec): Envelope | EnvelopeError {
  if (entry.bytes === undefined) {
    return new EnvelopeError("MALFORMED", `stream entry ${entry.position} has no "${BYTES_FIELD}" field`, {
      eventType: entry.eventType,
    });
  }
  try {
    return codec.decode(entry.bytes);
  } catch (error) {
    return toEnvelopeError(error, "MALFORMED", { eventType: entry.eventType });
  }
}
