export * from "./errors.js";
export * from "./adapter.js";
export * from "./item.js";
export * from "./scorer.js";
export * from "./record.js";
export * from "./run.js";
export * from "./comparison.js";
export * from "./verdict.js";
