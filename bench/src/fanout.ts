import type { IncomingMessage, ServerResponse } from "node:http";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { EXAMPLE_TYPES, exampleEnvelopes } from "@eventwire/schemas";
import { createMemoryLog, createSseHandler } from "@eventwire/sse-server";
import { makeCodecs } from "./fixtures.js";

/** Options of {@link benchFanout}. */
export interface FanoutOptions {
  /** The numbers of clients to measure. Default [1, 100, 1000]. */
  readonly clients: readonly number[];
  /** Entries appended per measurement. Default 2,000. */
  readonly entries: number;
  /** The formats the clients ask for, spread evenly over them. Default all three. */
  readonly formats: readonly ("json" | "avro" | "protobuf")[];
  /** Measurements per client count; the median is kept. Default 3. */
  readonly rounds: number;
}

/** One client count's figures. */
export interface FanoutResult {
  readonly clients: number;
  readonly entries: number;
  /** Frames written to clients per second (entries × clients / time). */
  readonly framesPerSecond: number;
  /** Time to serve one entry to every client, in microseconds. */
  readonly usPerEntry: number;
  /** What one more client costs per entry, in nanoseconds: (this - the 1-client time) / (clients - 1). */
  readonly nsPerClientPerEntry: number | undefined;
  /** Codec encodes per entry: the number of formats in use when the fan-out shares its frames. */
  readonly encodesPerEntry: number;
}

const DEFAULTS: FanoutOptions = {
  clients: [1, 100, 1000],
  entries: 2000,
  formats: ["json", "avro", "protobuf"],
  rounds: 3,
};

/**
 * Frames per second that one `createSseHandler` delivers to 1, 100 and 1,000 clients in this
 * process, and the cost of each extra client. The clients are in-memory writable responses (no
 * sockets): this measures the server's own work, one log read, one encoding per entry and
 * format, then per client a filter and a write, without the kernel's share, which
 * `pnpm loadtest` measures on real connections.
 */
export async function benchFanout(options: Partial<FanoutOptions> = {}): Promise<FanoutResult[]> {
  const settings = { ...DEFAULTS, ...options };
  const envelopes = makeEnvelopes(settings.entries);
  const results: FanoutResult[] = [];
  for (const clients of settings.clients) {
    const rounds: { seconds: number; encodes: number }[] = [];
    for (let round = 0; round < settings.rounds; round++) rounds.push(await measureOnce(clients, envelopes, settings));
    rounds.sort((a, b) => a.seconds - b.seconds);
    const median = rounds[Math.floor(rounds.length / 2)] as { seconds: number; encodes: number };
    const usPerEntry = (median.seconds * 1e6) / envelopes.length;
    const single = results.find((r) => r.clients === 1);
    results.push({
      clients,
      entries: envelopes.length,
      framesPerSecond: (clients * envelopes.length) / median.seconds,
      usPerEntry,
      nsPerClientPerEntry:
        single === undefined || clients === 1 ? undefined : ((usPerEntry - single.usPerEntry) * 1000) / (clients - 1),
      encodesPerEntry: median.encodes / envelopes.length,
    });
  }
  return results;
}

async function measureOnce(clients: number, envelopes: readonly Envelope[], settings: FanoutOptions) {
  const counter = { encodes: 0 };
  const codecs = countingCodecs(counter);
  const log = createMemoryLog({ capacity: envelopes.length + 1 });
  const handler = createSseHandler({ log, codecs, heartbeatMs: 3_600_000, maxClients: clients + 1 });
  const responses = Array.from({ length: clients }, (_, i) => {
    const res = createMemoryResponse();
    const format = settings.formats[i % settings.formats.length] as string;
    handler({ url: `/events?format=${format}`, method: "GET", headers: {} } as IncomingMessage, res.response);
    return res;
  });
  const expected = clients * envelopes.length;
  const delivered = () => responses.reduce((sum, r) => sum + r.writes, 0) - clients;
  const start = performance.now();
  for (const envelope of envelopes) await log.append(envelope);
  while (delivered() < expected) await new Promise((resolve) => setImmediate(resolve));
  const seconds = (performance.now() - start) / 1000;
  for (const r of responses) r.close();
  await handler.close();
  await log.close();
  return { seconds, encodes: counter.encodes };
}

/** Just enough of a `ServerResponse` for the handler: counts writes, takes every byte at once. */
function createMemoryResponse() {
  const listeners: (() => void)[] = [];
  const state = { writes: 0, bytes: 0, ended: false };
  const response = {
    destroyed: false,
    get writableEnded() {
      return state.ended;
    },
    writeHead() {
      return response;
    },
    write(chunk: Uint8Array | string, done?: () => void) {
      state.writes++;
      state.bytes += typeof chunk === "string" ? chunk.length : chunk.byteLength;
      done?.();
      return true;
    },
    end() {
      state.ended = true;
    },
    on(event: string, listener: () => void) {
      if (event === "close") listeners.push(listener);
      return response;
    },
    once(event: string, listener: () => void) {
      return response.on(event, listener);
    },
  };
  return {
    response: response as unknown as ServerResponse,
    get writes() {
      return state.writes;
    },
    close() {
      for (const listener of listeners) listener();
    },
  };
}

/** The three codecs, counting every `encode`/`encodeText`, to show each entry is encoded once per format. */
function countingCodecs(counter: { encodes: number }): Record<string, Codec> {
  const plain: Record<string, Codec> = makeCodecs();
  const counted: Record<string, Codec> = {};
  for (const [name, codec] of Object.entries(plain)) {
    const wrapper = Object.create(codec) as Codec & { encodeText?: (e: Envelope) => string };
    wrapper.encode = (envelope) => {
      counter.encodes++;
      return codec.encode(envelope);
    };
    if (codec.encodeText !== undefined) {
      const encodeText = codec.encodeText.bind(codec);
      wrapper.encodeText = (envelope) => {
        counter.encodes++;
        return encodeText(envelope);
      };
    }
    counted[name] = wrapper;
  }
  return counted;
}

function makeEnvelopes(count: number): Envelope[] {
  return Array.from({ length: count }, (_, i) => {
    const type = EXAMPLE_TYPES[i % EXAMPLE_TYPES.length] as (typeof EXAMPLE_TYPES)[number];
    return { ...exampleEnvelopes(i % 5)[type], event_id: `fan-${i}` };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchFanout()) {
    process.stdout.write(
      `${String(r.clients).padStart(5)} clients: ${Math.round(r.framesPerSecond).toLocaleString("en")} frames/s, ` +
        `${r.usPerEntry.toFixed(1)} µs per entry, ${r.nsPerClientPerEntry?.toFixed(0) ?? "-"} ns per extra client per entry, ` +
        `${r.encodesPerEntry.toFixed(2)} encodes per entry\n`,
    );
  }
}
