import { describe, expect, it } from "vitest";
import type { EvaluateOptions } from "../app/evaluate.js";
import { buildCommand, defineCommand, integer, oneOf } from "./command.js";

describe("a command's action", () => {
  // First in the file: no action has run yet in this module graph.
  it("turns zod's JIT off (the CLI's schemas run a few times a process), from zod's default", async () => {
    const zod = await import("zod");
    expect(zod.config().jitless).toBeFalsy();
    let seen: unknown;
    const command = buildCommand(
      defineCommand<Record<string, never>>({
        name: "noop",
        description: "",
        options: {},
        async action() {
          // The wrapper's import is not awaited: give it up to 2 s to land.
          for (const deadline = Date.now() + 2_000; !zod.config().jitless && Date.now() < deadline;)
            await new Promise((resolve) => setTimeout(resolve, 5));
          seen = zod.config().jitless;
          return 0;
        },
      }),
      () => {},
    );
    await command.parseAsync([], { from: "user" });
    expect(seen).toBe(true);
  });
});

describe("defineCommand", () => {
  it("types each flag against the field of the use case's options it sets", () => {
    defineCommand<EvaluateOptions>({
      name: "typed",
      description: "",
      options: {
        sample: { flags: "--sample <n>", description: "", parse: integer(1) },
        model: { flags: "-m, --model <id>", description: "" },
        noProbes: { flags: "--no-probes", description: "" },
        // @ts-expect-error a flag for a field EvaluateOptions does not have
        sampel: { flags: "--sampel <n>", description: "", parse: integer(1) },
      },
    });
    defineCommand<EvaluateOptions>({
      name: "typed",
      description: "",
      options: {
        // @ts-expect-error the field is a number: its text needs a parser
        sample: { flags: "--sample <n>", description: "" },
        // @ts-expect-error the parser's value is not one of the field's
        scoring: { flags: "--scoring <method>", description: "", parse: oneOf(["generate", "sampling"]) },
      },
    });
    defineCommand<EvaluateOptions>({
      name: "typed",
      description: "",
      options: {
        // @ts-expect-error callbacks are not flags
        onNote: { flags: "--on-note <text>", description: "", parse: () => () => {} },
      },
    });
    defineCommand<EvaluateOptions>({
      name: "typed",
      description: "",
      async action(_args, options) {
        // @ts-expect-error the action's options are the use case's, not a record of anything
        return options.sampel;
      },
    });
  });

  it("hands the action the parsed flags under their field names", async () => {
    let received: unknown;
    const command = buildCommand(
      defineCommand<{ outDir?: string; sample?: number; noProbes?: boolean; noAnswerRate?: number; global?: boolean; json?: boolean }>({
        name: "try",
        description: "",
        options: {
          outDir: { flags: "-o, --out <dir>", description: "", default: "results" },
          sample: { flags: "--sample <n>", description: "", parse: integer(1) },
          noProbes: { flags: "--no-probes", description: "" },
          noAnswerRate: { flags: "--no-answer-rate <p>", description: "", parse: Number },
          global: { flags: "--not-global", description: "", given: false },
          json: { flags: "--json", description: "" },
        },
        async action(_args, options) {
          received = options;
          return 0;
        },
      }),
      () => {},
    );
    await command.parseAsync(["--sample", "3", "--no-probes", "--not-global", "--no-answer-rate", "0.5"], { from: "user" });
    expect(received).toEqual({ outDir: "results", sample: 3, noProbes: true, noAnswerRate: 0.5, global: false });
    await command.parseAsync([], { from: "user" });
    expect(received).toEqual({ outDir: "results" });
  });
});
