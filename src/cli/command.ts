import { Command, InvalidArgumentError, Option } from "commander";
import { KfmError } from "../spec/errors.js";

/** An option declared as data; `parse` turns the raw string into a checked value. */
export interface OptionDefinition {
  flags: string;
  description: string;
  parse?: (value: string, flag: string) => unknown;
  default?: unknown;
  /** Collect repeated occurrences into an array. */
  repeatable?: boolean;
}

export interface CommandDefinition {
  name: string;
  description: string;
  /** Commander argument syntax, e.g. `<suite>` or `<runDir...>`. */
  arguments?: Array<{ syntax: string; description: string }>;
  options?: OptionDefinition[];
  /** Sub-commands (e.g. `suites list`). */
  commands?: CommandDefinition[];
  /** Returns the exit code. Heavy modules are imported inside the action so `kfm --help` stays fast. */
  action?: (args: string[], options: Record<string, unknown>) => Promise<number>;
}

export function integer(min: number) {
  return (value: string, flag: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} expects a whole number >= ${min}, got "${value}".`);
    }
    return parsed;
  };
}

export function positiveNumber(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`${flag} expects a positive number, got "${value}".`);
  return parsed;
}

/** Builds a commander command from its definition; `onExit` receives the action's exit code. */
export function buildCommand(definition: CommandDefinition, onExit: (code: number) => void): Command {
  const command = new Command(definition.name).description(definition.description);
  for (const argument of definition.arguments ?? []) command.argument(argument.syntax, argument.description);
  for (const option of definition.options ?? []) {
    const commanderOption = new Option(option.flags, option.description);
    const flag = commanderOption.long ?? option.flags;
    if (option.repeatable) {
      commanderOption.argParser((value: string, previous: unknown[] | undefined) => [
        ...(previous ?? []),
        option.parse ? option.parse(value, flag) : value,
      ]);
    } else if (option.parse) {
      const parse = option.parse;
      commanderOption.argParser((value: string) => parse(value, flag));
    }
    if (option.default !== undefined) commanderOption.default(option.default);
    command.addOption(commanderOption);
  }
  for (const child of definition.commands ?? []) command.addCommand(buildCommand(child, onExit));
  if (definition.action) {
    const action = definition.action;
    command.action(async (...received: unknown[]) => {
      // commander passes the declared arguments, then the options object, then the command.
      const argumentCount = definition.arguments?.length ?? 0;
      const args = received.slice(0, argumentCount).flatMap((value) => (Array.isArray(value) ? value : value === undefined ? [] : [String(value)]));
      const options = received[argumentCount] as Record<string, unknown>;
      onExit(await action(args, options));
    });
  }
  return command;
}

export function usageError(message: string, hint?: string): KfmError {
  return new KfmError("usage", message, hint === undefined ? {} : { hint });
}
