import type { AdapterCheckOptions } from "../app/adapter-check.js";
import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const adapterCommand = defineCommand({
  name: "adapter",
  description: "Endpoint adapters: check that an endpoint can be evaluated.",
  commands: [
    defineCommand<Omit<AdapterCheckOptions, "endpoint"> & { json?: boolean }>({
      name: "check",
      description: "Conformance run: reachable, authenticated, model listed, chat, capabilities, determinism, max_tokens, latency.",
      arguments: [{ syntax: "[endpoint]", description: "endpoint name from kfm.yaml, `sim`, or a base URL" }],
      options: {
        model: { flags: "-m, --model <id>", description: "model id (with a base URL)" },
        apiKeyEnv: { flags: "--api-key-env <NAME>", description: "environment variable holding the key" },
        configFile: { flags: "-c, --config <file>", description: "config file" },
        suites: {
          flags: "--suite <suite...>",
          description: "the suites to be run: their needs (tool calls, log-probabilities) become required checks",
        },
        json: { flags: "--json", description: "print JSON" },
      },
      async action(args, { json, ...options }) {
        const [{ adapterCheck }, { default: Table }] = await Promise.all([import("../app/adapter-check.js"), import("cli-table3")]);
        const result = await adapterCheck({ ...options, endpoint: args[0] });
        if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          process.stdout.write(`endpoint ${result.endpoint} (${result.adapter}, ${result.model})\n`);
          const table = new Table({
            head: ["check", "result", "detail"],
            style: { head: [], border: [] },
            wordWrap: true,
            colWidths: [32, 15, 60],
          });
          for (const row of result.rows) table.push([`${row.check}${row.required ? " *" : ""}`, row.status, row.detail]);
          process.stdout.write(
            `${table.toString()}\n* needed${result.suites.length ? ` by ${result.suites.join(", ")}` : " to run a suite"}\n${result.ok ? "ok: this endpoint can be evaluated" : "FAIL: a needed check did not pass"}\n`,
          );
        }
        return result.ok ? ExitCode.ok : ExitCode.failure;
      },
    }),
  ],
});
