import type { Codec } from "@eventwire/envelope-core";
import type { CodecName, ExampleType } from "./fixtures.js";
import type { Case } from "./measure.js";
import type { ProtobufEsSchemas } from "./protobuf-es.js";

/** eventsource-parser's `createParser`, of whichever major the runtime can load. */
export type SseParserPeer = (callbacks: { onEvent: (event: unknown) => void }) => { feed(chunk: string): void };

/** What the cases of every type share: the codecs and the peers, built once. */
export interface CaseContext {
  readonly codecs: Record<CodecName, Codec>;
  readonly writerSchemas: Record<ExampleType, unknown>;
  readonly jsonSchemas: Record<ExampleType, Record<string, unknown>>;
  readonly protobufEs: ProtobufEsSchemas;
  readonly eventsourceParser: SseParserPeer;
}

/** Adds a case of one type; its name is `group/type/label`. */
export type AddCase = (group: string, label: string, run: () => unknown, extra?: Partial<Case>) => void;
