import { Command, CommanderError } from "commander";
import { buildCommand, type AnyCommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import { handleError } from "./handle-error.js";
import { evalCommand } from "./eval.js";
import { showCommand } from "./show.js";
import { rescoreCommand } from "./rescore.js";
import { suitesCommand } from "./suites.js";
import { serveSimCommand } from "./serve-sim.js";
import { mergeCommand } from "./merge.js";
import { compareCommand } from "./compare.js";
import { reportCommand } from "./report.js";
import { verdictCommand } from "./verdict.js";
import { baselinesCommand } from "./baselines.js";
import { historyCommand } from "./history.js";
import { adapterCommand } from "./adapter.js";
import { campaignCommand } from "./campaign.js";
import { viewCommand } from "./view.js";
import { kfmVersion } from "../app/package-info.js";

/** Every command, declared as data; their heavy code is imported inside each action. */
export const commands: AnyCommandDefinition[] = [
  evalCommand,
  verdictCommand,
  showCommand,
  rescoreCommand,
  compareCommand,
  reportCommand,
  historyCommand,
  campaignCommand,
  viewCommand,
  mergeCommand,
  baselinesCommand,
  suitesCommand,
  adapterCommand,
  serveSimCommand,
];

export function buildProgram(onExit: (code: number) => void): Command {
  const program = new Command("kfm")
    .description("Decide whether a Korean foundation model reaches >= 95% of the latest global models, reproducibly.")
    .version(kfmVersion(), "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`kfm: ${text}`) });
  for (const definition of commands) {
    const command = buildCommand(definition, onExit);
    program.addCommand(command);
  }
  // Sub-commands inherit exit override so commander never calls process.exit itself.
  const override = (command: Command) => {
    command.exitOverride();
    command.configureOutput({ outputError: (text, write) => write(`kfm: ${text}`) });
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

/** Runs the CLI; resolves to the exit code (bin/kfm.js sets it). */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram((exitCode) => {
    code = exitCode;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help")
        return ExitCode.ok;
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return handleError(error);
  }
  return code;
}
