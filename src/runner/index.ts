export * from "./item-record.js";
export * from "./progress.js";
export * from "./rate-limiter.js";
export * from "./run-items.js";
