// Typechecked in the scratch project with moduleResolution node16 and bundler: the published
// declarations, not the workspace's sources, must give a user these types.
import { createJsonCodec } from "@eventwire/codec-json";
import { createEnvelope, type Envelope, EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";
import { decodeEnvelopes, frameEnvelope, type SseMessage } from "@eventwire/sse-frame";

const codec = createJsonCodec({
  types: { ping: { type: "object", properties: { ip: { type: "string" } }, required: ["ip"] } },
});
const envelope: Envelope = createEnvelope({ event_type: "ping", source: "consumer", data: { ip: "::1" } });
const frame: string = frameEnvelope(envelope, codec);

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function readBack(bytes: Uint8Array): Promise<Envelope[]> {
  const out: Envelope[] = [];
  for await (const decoded of decodeEnvelopes(chunks(bytes), codec)) out.push(decoded);
  return out;
}

export function describe(error: unknown, message?: SseMessage): string {
  if (isEnvelopeError(error)) return `${error.code} ${message?.data ?? frame}`;
  return error instanceof EnvelopeError ? "unreachable" : String(error);
}
