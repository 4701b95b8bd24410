/** C0 and C1 control characters and DEL, except tab and line feed (kept in multi-line text). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** Also tab and line feed: for one-line identifiers such as a model id. */
const CONTROL_ANY = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Text an endpoint controls, made safe to print: an ANSI escape sequence or a carriage return in a
 * model id or an error body could rewrite the user's terminal. Each control character becomes `?`.
 */
export function printable(text: string, { oneLine = false }: { oneLine?: boolean } = {}): string {
  return text.replace(oneLine ? CONTROL_ANY : CONTROL, "?");
}
