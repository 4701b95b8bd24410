/**
 * Strings in UTF-16 code unit order: the same on every machine, locale and ICU version (so a
 * summary's subject order never moves with the Node release that wrote it), and free of the ~7 ms
 * the first `localeCompare` of a process spends loading ICU's collator.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
