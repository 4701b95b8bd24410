/**
 * Reading an instruction's kwargs as the reference's `build_description` receives them: IFBench's
 * rows carry every key with null for the unused ones, which counts as absent, and IFBench writes
 * some counts as floats (`"N": 17.0`).
 */

/** A number argument, or undefined when absent (the reference would draw one at random). */
export const numberArgument = (value: unknown): number | undefined =>
  value === null || value === undefined || !Number.isFinite(Number(value)) ? undefined : Number(value);

/** A text argument, or undefined when absent. */
export const textArgument = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
