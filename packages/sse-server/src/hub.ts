import { type EventLog, isLogGap, type LogEntry, type LogGap } from "./event-log.js";

/** A client of the hub: gets every item after its position, in order, synchronously. */
export interface HubSubscriber {
  deliver(item: LogEntry | LogGap): void;
  /** The log's read ended (closed, or failed): the client should close and resume elsewhere. */
  end(error?: unknown): void;
  /**
   * While the client catches up, the hub asks before each item: a promise while its output is
   * too full to take more (resolved when it has room, or when it is gone), else undefined. Live
   * items never wait: the one live read cannot stop for one client.
   */
  room?(): Promise<void> | undefined;
}

/** One live read of the log, shared by every client of a handler. */
export interface Hub {
  /** Delivers entries strictly after `after` (only new ones when undefined) until unsubscribed. */
  subscribe(after: string | undefined, subscriber: HubSubscriber): () => void;
  close(): void;
}

interface CatchUp {
  readonly subscriber: HubSubscriber;
  readonly controller: AbortController;
  /** The last position delivered, so that the hand-over to the live read is exact. */
  last: string | undefined;
}

/** The most remembered entries handed to a catching-up client at once, as it joins the live read. */
const JOIN_AT = 64;

/**
 * The fan-out: ONE live read of the log per handler, whatever the number of clients. A client
 * that resumes from a position the hub still remembers (the last `windowSize` entries) is
 * served from memory; one further behind reads the log by itself until its read meets an
 * entry the hub has seen. A catch-up goes at the client's pace (`room`), so a slow reader that
 * resumes is not cut again for its own backlog; it joins the live read once it is within
 * `JOIN_AT` entries of it with room to spare. Positions are only compared for equality, so this
 * works for any log's position format.
 */
export function createHub(log: EventLog, windowSize = 1024): Hub {
  const live = new Set<HubSubscriber>();
  const catching = new Map<HubSubscriber, CatchUp>();
  let recent: LogEntry[] = [];
  /** Absolute index of each remembered position; `recent[i - dropped]` holds it. */
  const indexOf = new Map<string, number>();
  let dropped = 0;
  let controller: AbortController | undefined;

  const remember = (entry: LogEntry): void => {
    indexOf.set(entry.position, dropped + recent.length);
    recent.push(entry);
    if (recent.length >= 2 * windowSize) {
      for (const old of recent.slice(0, windowSize)) indexOf.delete(old.position);
      recent = recent.slice(windowSize);
      dropped += windowSize;
    }
  };
  const forget = (): void => {
    dropped += recent.length;
    recent = [];
    indexOf.clear();
  };
  const last = (): string | undefined => recent.at(-1)?.position;
  /** Delivers what the hub remembers after `position`, if it remembers it. */
  const replayAfter = (position: string, subscriber: HubSubscriber): boolean => {
    const at = indexOf.get(position);
    if (at === undefined) return false;
    for (const entry of recent.slice(at - dropped + 1)) subscriber.deliver(entry);
    return true;
  };
  /** Moves a client from its own read to the live one, unless it left meanwhile. */
  const goLive = (catchUp: CatchUp): boolean => {
    if (catching.get(catchUp.subscriber) !== catchUp) return false;
    catching.delete(catchUp.subscriber);
    catchUp.controller.abort();
    live.add(catchUp.subscriber);
    return true;
  };

  const onLiveItem = (item: LogEntry | LogGap): void => {
    if (isLogGap(item)) {
      forget();
      for (const subscriber of live) subscriber.deliver(item);
      return;
    }
    const previous = last();
    remember(item);
    for (const subscriber of live) subscriber.deliver(item);
    for (const catchUp of [...catching.values()]) {
      if (catchUp.last === item.position) goLive(catchUp);
      else if (previous !== undefined && catchUp.last === previous && goLive(catchUp)) {
        catchUp.subscriber.deliver(item);
      }
    }
  };

  const run = async (signal: AbortSignal): Promise<void> => {
    let failure: unknown;
    try {
      for await (const item of log.read(undefined, { signal })) onLiveItem(item);
    } catch (error) {
      failure = error;
    }
    if (controller?.signal === signal) controller = undefined;
    forget();
    const everyone = [...live, ...catching.keys()];
    live.clear();
    for (const catchUp of catching.values()) catchUp.controller.abort();
    catching.clear();
    for (const subscriber of everyone) subscriber.end(failure);
  };

  const current = (state: CatchUp): boolean => catching.get(state.subscriber) === state;
  /** Serves a catch-up from memory while the hub remembers its position. True when it is done. */
  const fromMemory = async (state: CatchUp): Promise<boolean> => {
    for (;;) {
      if (!current(state)) return true;
      const at = state.last === undefined ? undefined : indexOf.get(state.last);
      if (at === undefined) return false;
      const wait = state.subscriber.room?.();
      if (wait !== undefined) {
        await wait;
        continue;
      }
      if (dropped + recent.length - 1 - at <= JOIN_AT) {
        replayAfter(state.last as string, state.subscriber);
        goLive(state);
        return true;
      }
      const entry = recent[at - dropped + 1] as LogEntry;
      state.subscriber.deliver(entry);
      state.last = entry.position;
    }
  };
  /** Serves a catch-up from the log until its position is one the hub remembers. */
  const fromLog = async (state: CatchUp): Promise<void> => {
    for await (const item of log.read(state.last, { signal: state.controller.signal })) {
      const wait = state.subscriber.room?.();
      if (wait !== undefined) await wait;
      if (!current(state)) return;
      state.subscriber.deliver(item);
      state.last = isLogGap(item) ? undefined : item.position;
      if (state.last !== undefined && indexOf.has(state.last)) return;
    }
  };
  const catchUp = async (state: CatchUp): Promise<void> => {
    try {
      while (!(await fromMemory(state))) await fromLog(state);
    } catch (error) {
      if (current(state)) state.subscriber.end(error);
    }
  };

  return {
    subscribe(after, subscriber) {
      if (controller === undefined) {
        controller = new AbortController();
        void run(controller.signal);
      }
      const unsubscribe = (): void => {
        live.delete(subscriber);
        catching.get(subscriber)?.controller.abort();
        catching.delete(subscriber);
      };
      if (after === undefined || after === last()) live.add(subscriber);
      else {
        // A position remembered a few entries back is replayed and joined here, synchronously
        // (fromMemory runs to its first wait before this returns).
        const state: CatchUp = { subscriber, controller: new AbortController(), last: after };
        catching.set(subscriber, state);
        void catchUp(state);
      }
      return unsubscribe;
    },
    close() {
      controller?.abort();
    },
  };
}
