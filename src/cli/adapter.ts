import type { CommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const adapterCommand: CommandDefinition = {
  name: "adapter",
  description: "Endpoint adapters: check that an endpoint can be evaluated.",
  commands: [
    {
      name: "check",
      description: "Conformance run: reachable, authenticated, model listed, chat, capabilities, determinism, max_tokens, latency.",
      arguments: [{ syntax: "[endpoint]", description: "endpoint name from kfm.yaml, `sim`, or a base URL" }],
      options: [
        { flags: "-m, --model <id>", description: "model id (with a base URL)" },
        { flags: "--api-key-env <NAME>", description: "environment variable holding the key" },
        { flags: "-c, --config <file>", description: "config file" },
        { flags: "--suite <suite...>", description: "the suites to be run: their needs (tool calls, log-probabilities) become required checks" },
        { flags: "--json", description: "print JSON" },
      ],
      async action(args, options) {
        const [{ adapterCheck }, { default: Table }] = await Promise.all([import("../app/adapter-check.js"), import("cli-table3")]);
        const result = await adapterCheck({
          ...(args[0] ? { endpoint: args[0] } : {}),
          ...(options.model ? { model: String(options.model) } : {}),
          ...(options.apiKeyEnv ? { apiKeyEnv: String(options.apiKeyEnv) } : {}),
          ...(options.config ? { configFile: String(options.config) } : {}),
          ...(options.suite ? { suites: options.suite as string[] } : {}),
        });
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          process.stdout.write(`endpoint ${result.endpoint} (${result.adapter}, ${result.model})\n`);
          const table = new Table({ head: ["check", "result", "detail"], style: { head: [], border: [] }, wordWrap: true, colWidths: [32, 15, 60] });
          for (const row of result.rows) table.push([`${row.check}${row.required ? " *" : ""}`, row.status, row.detail]);
          process.stdout.write(`${table.toString()}\n* needed${result.suites.length ? ` by ${result.suites.join(", ")}` : " to run a suite"}\n${result.ok ? "ok: this endpoint can be evaluated" : "FAIL: a needed check did not pass"}\n`);
        }
        return result.ok ? ExitCode.ok : ExitCode.failure;
      },
    },
  ],
};
