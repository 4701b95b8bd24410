import type { ViewOptions } from "../app/view.js";
import { defineCommand, integer } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const viewCommand = defineCommand<Omit<ViewOptions, "resultsDir">>({
  name: "view",
  description:
    "Browse the runs of a results folder in a local web viewer (127.0.0.1): runs, a run's items, two runs compared, campaign leaderboards.",
  arguments: [{ syntax: "[resultsDir]", description: "folder of run directories (default: results)" }],
  options: {
    port: { flags: "--port <n>", description: "port on 127.0.0.1 (0 = any free port)", parse: integer(0), default: 4173 },
  },
  async action(args, options) {
    const { view } = await import("../app/view.js");
    const server = await view({ ...options, resultsDir: args[0] ?? "results" });
    process.stdout.write(`kfm view: ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    return ExitCode.ok;
  },
});
