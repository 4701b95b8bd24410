/** Any character that `normalize` replaces or removes after NFC. */
const NEEDS_REPLACING = /[\uFF01-\uFF5E\u3000\u200B-\u200D\uFEFF“”‘’\r]/;

/** Full-width forms (`：`, `Ｂ`) to ASCII, curly quotes to straight, invisible characters out. */
export function normalize(text: string): string {
  const composed = text.normalize("NFC");
  // Most replies need none of the replacements below; one test is cheaper than five passes.
  if (!NEEDS_REPLACING.test(composed)) return composed;
  return composed
    .replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\r\n?/g, "\n");
}
