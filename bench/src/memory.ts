// Decodes a long SSE stream of JSON envelopes and reports how far RSS grew: run as its own
// process (`node --expose-gc dist/memory.js <bytes>`) so that nothing else is in the heap.
import { getHeapSpaceStatistics } from "node:v8";
import { createJsonCodec } from "@eventwire/codec-json";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import { decodeEnvelopes, frameEnvelope } from "@eventwire/sse-frame";

const total = Number(process.argv[2] ?? 1024 ** 3);
const codec = createJsonCodec({ types: loadJsonSchemas() });
const frames = Object.values(exampleEnvelopes())
  .map((e) => frameEnvelope(e, codec))
  .join("");
const unit = Buffer.from(frames.repeat(Math.ceil(65_536 / frames.length)));

async function* chunks(): AsyncGenerator<Uint8Array> {
  // Chunks cut at an odd size, so that lines and UTF-8 sequences straddle them.
  const size = 65_521;
  for (let sent = 0; sent < total; sent += size) {
    const start = sent % unit.length;
    yield start + size <= unit.length
      ? unit.subarray(start, start + size)
      : Buffer.concat([unit.subarray(start), unit.subarray(0, start + size - unit.length)]);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
/** The young generation's size: V8 grows it under allocation, and RSS counts it, retained or not. */
const youngBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
gc?.();
const before = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
let peak = before;
let youngPeak = youngBytes();
let events = 0;
const started = performance.now();
for await (const envelope of decodeEnvelopes(chunks(), codec)) {
  if (envelope.event_id !== "") events++;
  if (events % 20_000 === 0) {
    peak = Math.max(peak, process.memoryUsage().rss);
    youngPeak = Math.max(youngPeak, youngBytes());
  }
}
peak = Math.max(peak, process.memoryUsage().rss);
const seconds = (performance.now() - started) / 1000;
// What the decoder keeps: the heap after a full collection, against the heap before.
gc?.();
const heapRetained = process.memoryUsage().heapUsed - heapBefore;
process.stdout.write(
  JSON.stringify({
    bytes: total,
    events,
    rssBeforeMiB: before / 2 ** 20,
    rssGrowthMiB: (peak - before) / 2 ** 20,
    youngGenerationMiB: youngPeak / 2 ** 20,
    heapRetainedMiB: heapRetained / 2 ** 20,
    seconds,
  }),
);
