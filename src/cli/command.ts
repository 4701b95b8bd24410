import { Command, InvalidArgumentError, Option } from "commander";
import { KfmError } from "../spec/errors.js";

interface OptionBase {
  flags: string;
  description: string;
}

/** A flag whose argument `parse` turns into the checked value: `--sample <n>` with `integer(1)`. */
interface ParsedOption<T> extends OptionBase {
  parse: (value: string, flag: string) => T;
  default?: T;
  repeatable?: false;
}

/** A flag given several times, each occurrence collected into an array (parsed, or kept as text). */
type RepeatableOption<Element> = OptionBase & { repeatable: true } & ([string] extends [Element]
    ? { parse?: (value: string, flag: string) => Element }
    : { parse: (value: string, flag: string) => Element });

/** A flag whose argument is kept as text: `--model <id>`; `<suite...>` takes several. */
interface TextOption<T> extends OptionBase {
  flags: T extends readonly unknown[] ? `${string}<${string}...>` : `${string}<${string}>`;
  default?: T;
  parse?: undefined;
}

/** A switch (`--json`, `--no-probes`): present or not. Its value when present is `given`, true by default. */
interface SwitchOption<T> extends OptionBase {
  given: T;
  parse?: undefined;
}

/**
 * How one field of a use case's options is set from the command line. The value type is the
 * field's, so a parser that returns the wrong type, or a raw text flag for a field that is not
 * text, is a type error.
 */
export type OptionDefinition<T> =
  | ParsedOption<T>
  | (T extends readonly (infer Element)[] ? RepeatableOption<Element> : never)
  | ([string] extends [T] ? TextOption<T> : [string[]] extends [T] ? TextOption<T> : never)
  | ([boolean] extends [T] ? Omit<SwitchOption<true>, "given"> & { given?: true } : never)
  | SwitchOption<T>;

/**
 * The flags of a command, keyed by the field of the use case's options each one sets (the way
 * vitest's `CLIOptions<Config>` is keyed by its config): a flag for a field the options do not
 * have is a type error. Callbacks and signals are not flags.
 */
export type OptionMap<Options> = {
  [
    Key in keyof Options as NonNullable<Options[Key]> extends ((...args: never[]) => unknown) | AbortSignal ? never : Key
  ]?: OptionDefinition<NonNullable<Options[Key]>>;
};

/** What buildCommand needs of any option definition. */
interface AnyOption extends OptionBase {
  parse?: ((value: string, flag: string) => unknown) | undefined;
  default?: unknown;
  repeatable?: boolean;
  given?: unknown;
}

interface Argument {
  syntax: string;
  description: string;
}

export interface CommandDefinition<Options> {
  name: string;
  description: string;
  /** Commander argument syntax, e.g. `<suite>` or `<runDir...>`. */
  arguments?: Argument[];
  options?: OptionMap<Options>;
  /** Sub-commands (e.g. `suites list`). */
  commands?: AnyCommandDefinition[];
  /**
   * Returns the exit code; receives the flags given (and defaults) under their field names.
   * Heavy modules are imported inside the action so `kfm --help` stays fast.
   */
  action?: (args: string[], options: Partial<Options>) => Promise<number>;
}

/** A command with its option types erased, as main.ts lists them. */
export interface AnyCommandDefinition {
  name: string;
  description: string;
  arguments?: Argument[];
  options?: { [key: string]: AnyOption | undefined };
  commands?: AnyCommandDefinition[];
  action?: (args: string[], options: never) => Promise<number>;
}

/** Declares a command whose flags are typed against `Options` (a use case's options, plus any CLI-only flags). */
export function defineCommand<Options = Record<never, never>>(definition: CommandDefinition<Options>): AnyCommandDefinition {
  return definition as AnyCommandDefinition;
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

/** One of a fixed set of words, e.g. `--format html`. */
export function oneOf<const Choice extends string>(
  choices: readonly Choice[],
  describe: (flag: string) => string = (flag) => `${flag} is one of ${choices.join(", ")}`,
) {
  return (value: string, flag: string): Choice => {
    const found = choices.find((choice) => choice === value);
    if (found === undefined) throw new InvalidArgumentError(`${describe(flag)}; got "${value}".`);
    return found;
  };
}

/** A number as written; the use case checks its range (its library callers get the same check). */
export function anyNumber(value: string): number {
  return Number(value);
}

/** A word the use case checks itself (its library callers get the same check), passed on as its type. */
export function checkedByUseCase<T extends string>() {
  return (value: string): T => value as T;
}

/** Builds a commander command from its definition; `onExit` receives the action's exit code. */
export function buildCommand(definition: AnyCommandDefinition, onExit: (code: number) => void): Command {
  const command = new Command(definition.name).description(definition.description);
  for (const argument of definition.arguments ?? []) command.argument(argument.syntax, argument.description);
  // Field name -> how to read it back from what commander parsed.
  const fields: Array<{ key: string; attribute: string; option: AnyOption; negate: boolean; isSwitch: boolean }> = [];
  for (const [key, option] of Object.entries(definition.options ?? {})) {
    if (!option) continue;
    const commanderOption = new Option(option.flags, option.description);
    const flag = commanderOption.long ?? option.flags;
    if (option.repeatable) {
      const parse = option.parse;
      commanderOption.argParser((value: string, previous: unknown[] | undefined) => [
        ...(previous ?? []),
        parse ? parse(value, flag) : value,
      ]);
    } else if (option.parse) {
      const parse = option.parse;
      commanderOption.argParser((value: string) => parse(value, flag));
    }
    if (option.default !== undefined) commanderOption.default(option.default);
    command.addOption(commanderOption);
    const isSwitch = !commanderOption.required && !commanderOption.optional;
    fields.push({ key, attribute: commanderOption.attributeName(), option, negate: commanderOption.negate, isSwitch });
  }
  for (const child of definition.commands ?? []) command.addCommand(buildCommand(child, onExit));
  if (definition.action) {
    const action = definition.action;
    command.action(async (...received: unknown[]) => {
      // commander passes the declared arguments, then the options object, then the command.
      const argumentCount = definition.arguments?.length ?? 0;
      const args = received
        .slice(0, argumentCount)
        .flatMap((value) => (Array.isArray(value) ? value : value === undefined ? [] : [String(value)]));
      const parsed = received[argumentCount] as Record<string, unknown>;
      const options: Record<string, unknown> = {};
      for (const { key, attribute, option, negate, isSwitch } of fields) {
        const value = parsed[attribute];
        // commander gives every `--no-x` flag (even `--no-answer-rate <p>`) the default true and
        // stores it without the `no-`: a switch here is present or absent, and a value is the value.
        if (isSwitch) {
          if (negate ? value === false : value === true) options[key] = option.given ?? true;
        } else if (value !== undefined && !(negate && value === true)) options[key] = value;
      }
      // Not awaited: the action's own imports load zod anyway, and a parse before the setting is only slower, never different.
      void import("./zod-jitless.js");
      onExit(await action(args, options as never));
    });
  }
  return command;
}

export function usageError(message: string, hint?: string): KfmError {
  return new KfmError("usage", message, hint === undefined ? {} : { hint });
}

/** `releaseDate` -> `--release-date`. */
function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Checks that the required flags were given (in order, naming the first one missing) and narrows their types. */
export function requireOptions<Options, Key extends keyof Options & string>(
  options: Options,
  keys: readonly Key[],
  hint?: string,
): Options & { [Field in Key]-?: NonNullable<Options[Field]> } {
  for (const key of keys) if (options[key] === undefined) throw usageError(`${flagOf(key)} is required`, hint);
  return options as Options & { [Field in Key]-?: NonNullable<Options[Field]> };
}
