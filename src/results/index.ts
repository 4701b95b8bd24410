export * from "./item-log.js";
export * from "./run-directory.js";
export * from "./summary.js";
export { creditOf } from "./credit.js";
export { checkShards } from "./shards.js";
export { costGuard, requirePrice } from "./cost-guard.js";
export { readAnswered, type AnsweredOutcomes } from "./answered.js";
export { pairRecords } from "./pair-records.js";
export { lockRunDirectory, LOCK_FILE, type RunLock, type LockHolder } from "./run-lock.js";
