import { type JetStreamManager, StorageType } from "@nats-io/jetstream";

/** What the log needs of its stream; the rest keeps the server's defaults. */
export interface StreamSpec {
  readonly name: string;
  /** The log's subject; the stream holds `<subject>.*`, one token per event type. */
  readonly subject: string;
  /** Limits the stream to the newest `maxMessages` (discard old); undefined: no limit. */
  readonly maxMessages: number | undefined;
}

/**
 * Makes the stream if it does not exist. Several log objects may start at once: JetStream
 * accepts a second `add` with the same configuration, and when another process made it with
 * a different one ("stream name already in use"), the stream that exists is used if it holds
 * the log's subjects.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const wanted = `${spec.subject}.*`;
  try {
    const info = await jsm.streams.info(spec.name);
    checkSubjects(info.config.subjects ?? [], wanted, spec.name);
    return;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add({
      name: spec.name,
      subjects: [wanted],
      storage: StorageType.File,
      ...(spec.maxMessages === undefined ? {} : { max_msgs: spec.maxMessages }),
    });
  } catch (error) {
    const info = await jsm.streams.info(spec.name).catch(() => {
      throw error;
    });
    checkSubjects(info.config.subjects ?? [], wanted, spec.name);
  }
}

function checkSubjects(subjects: readonly string[], wanted: string, name: string): void {
  if (!subjects.includes(wanted)) {
    throw new Error(`JetStream stream ${name} exists but does not hold ${wanted} (it holds ${subjects.join(", ")})`);
  }
}

function isStreamNotFound(error: unknown): boolean {
  return (
    (error as { code?: unknown } | null)?.code === 10059 || (error as Error | null)?.name === "StreamNotFoundError"
  );
}
