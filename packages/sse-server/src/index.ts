export type { EventLog, LogEntry, LogGap, ReadOptions } from "./event-log.js";
export { isLogGap } from "./event-log.js";
export type { MemoryLogOptions } from "./memory-log.js";
export { createMemoryLog } from "./memory-log.js";
