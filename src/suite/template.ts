import { ownValue } from "../spec/own-value.js";

/**
 * A logic-free template: `{{name}}` is replaced by a value, and that is all. No expressions,
 * no loops, no escaping rules to learn, nothing evaluated, so a suite file can never run code.
 */
export interface Template {
  readonly source: string;
  /** Variable names in order of first use. */
  readonly variables: readonly string[];
  render(values: Readonly<Record<string, string | undefined>>): string;
}

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

export function compileTemplate(source: string): Template {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of source.matchAll(VARIABLE)) {
    literals.push(source.slice(last, match.index));
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  literals.push(source.slice(last));
  return {
    source,
    variables: [...new Set(names)],
    render(values) {
      let text = literals[0]!;
      for (let index = 0; index < names.length; index++) text += (ownValue(values, names[index]!) ?? "") + literals[index + 1]!;
      return text;
    },
  };
}
