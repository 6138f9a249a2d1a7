import type { Format } from "./codecs.js";
import type { LogKind, Transport } from "./scenario.js";

/** What a client worker is asked to do. */
export interface WorkerPlan {
  readonly transport: Transport;
  readonly format: Format;
  readonly clients: number;
  /** The scenario-wide index of this worker's first client (type split and server choice follow it). */
  readonly firstIndex: number;
  /** Clients of the whole scenario, over every worker. */
  readonly totalClients: number;
  readonly slowClients: number;
  /** HTTP/1.1 origins of the server instances (clients spread over them), and the HTTP/2 one. */
  readonly origins: { readonly h1: readonly string[]; readonly h2: string };
  readonly path: string;
  readonly wsPath: string;
  readonly streamsPerSession: number;
  /** Per client i, the event types it asks for (`?types=`): `typeSplit[i % length]`; absent: all. */
  readonly typeSplit: readonly (readonly string[])[] | undefined;
  typesOf(index: number): readonly string[] | undefined;
}

/** What a server instance is started with. */
export interface ServerPlan {
  readonly log: LogKind;
  readonly redisUrl: string | undefined;
  readonly stream: string;
  readonly maxBufferedBytes: number;
}

/** What the producer is asked to do. */
export interface ProducePlan {
  readonly rate: number;
  readonly seconds: number;
  readonly maxEvents: number;
}
