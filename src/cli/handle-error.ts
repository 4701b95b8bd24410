import { KfmError } from "../spec/errors.js";
import { printable } from "../spec/printable.js";
import { readableStack } from "./bundle-stack.js";
import { ExitCode } from "./exit-codes.js";

/** Prints an error the way a user can act on it; returns the exit code. No stack trace for a user mistake. */
export function handleError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (KfmError.isInstance(error)) {
    // A message may quote what an endpoint sent (an error body): no escape sequence reaches the terminal.
    stderr.write(`kfm: error: ${printable(error.message)}\n`);
    if (error.hint) stderr.write(`  ${printable(error.hint).split("\n").join("\n  ")}\n`);
    if (error.isUserError) return ExitCode.usage;
    if (error.code === "auth") return ExitCode.usage;
    if (error.code === "aborted") return ExitCode.interrupted;
    if (error.code === "storage") return ExitCode.storage;
    if (process.env.KFM_DEBUG && error.stack) stderr.write(`${readableStack(error.stack)}\n`);
    return ExitCode.failure;
  }
  stderr.write(`kfm: internal error (please report it with the command you ran):\n`);
  stderr.write(`${error instanceof Error ? (error.stack ? readableStack(error.stack) : error.message) : String(error)}\n`);
  return ExitCode.failure;
}
