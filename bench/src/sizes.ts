import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { frameEnvelope } from "@eventwire/sse-frame";
import { CODEC_NAMES, type CodecName, type ExampleType } from "./fixtures.js";

export interface SizeRow {
  readonly type: ExampleType;
  readonly codec: CodecName;
  /** Mean bytes of one encoded envelope. */
  readonly bytes: number;
  /** Mean bytes of its SSE frame (base64 for binary codecs). */
  readonly sseBytes: number;
  /** Bytes of a stream of `events` frames, whole, after gzip (level 6) and brotli (quality 6). */
  readonly streamBytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
  readonly events: number;
}

/** Bytes on the wire for each codec: as encoded, as SSE, and a whole stream compressed. */
export function measureSizes(type: ExampleType, stream: Envelope[], codecs: Record<CodecName, Codec>): SizeRow[] {
  return CODEC_NAMES.map((codec) => {
    const c = codecs[codec];
    const encoded = stream.map((e) => c.encode(e).length);
    const frames = stream.map((e) => frameEnvelope(e, c));
    const text = Buffer.from(frames.join(""));
    return {
      type,
      codec,
      bytes: mean(encoded),
      sseBytes: mean(frames.map((f) => Buffer.byteLength(f))),
      streamBytes: text.length,
      gzipBytes: gzipSync(text, { level: 6 }).length,
      brotliBytes: brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } }).length,
      events: stream.length,
    };
  });
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
