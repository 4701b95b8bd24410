export { startViewServer, type ViewServer, type ViewServerOptions } from "./server.js";
export { runRowOf } from "./run-rows.js";
export { queryItems, type ItemPage, type ItemQuery } from "./items-query.js";
export type { ItemEntry, RunRow, ViewSource } from "./source.js";
