export * from "./item-log.js";
export * from "./run-directory.js";
export * from "./summary.js";
export { creditOf } from "./credit.js";
