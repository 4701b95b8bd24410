import type { SuiteItem } from "../spec/item.js";
import type { Template } from "./template.js";

export interface FewShotOptions {
  k: number;
  /** Draw examples from the item's own subject (KMMLU's dev split has five per subject). */
  perSubject: boolean;
  template: Template;
  separator: string;
}

/**
 * Deterministic few-shot blocks: the first k examples in file order (of the item's subject when
 * per-subject), never the item itself nor an example with the same question. The block for a
 * subject is rendered once and reused, so 35,000 prompts cost 45 renders.
 */
export function buildFewShot(
  pool: readonly SuiteItem[],
  options: FewShotOptions,
): { render(item: SuiteItem): string; available(subject: string): number } {
  const bySubject = new Map<string, SuiteItem[]>();
  for (const example of pool) {
    const key = options.perSubject ? example.subject : "";
    let group = bySubject.get(key);
    if (!group) bySubject.set(key, (group = []));
    group.push(example);
  }
  const renderExample = (example: SuiteItem) =>
    options.template.render({ ...example.fields, subject: example.subject, target: example.target });
  const cache = new Map<string, { ids: Set<string>; questions: Set<string>; text: string }>();

  const blockFor = (group: readonly SuiteItem[], exclude?: SuiteItem): string =>
    group
      .filter(
        (example) =>
          example.id !== exclude?.id && (exclude === undefined || JSON.stringify(example.fields) !== JSON.stringify(exclude.fields)),
      )
      .slice(0, options.k)
      .map(renderExample)
      .join(options.separator);

  return {
    available: (subject) => (bySubject.get(options.perSubject ? subject : "") ?? []).length,
    render(item) {
      const key = options.perSubject ? item.subject : "";
      const group = bySubject.get(key) ?? [];
      let cached = cache.get(key);
      if (!cached) {
        const chosen = group.slice(0, options.k);
        cached = {
          ids: new Set(chosen.map((example) => example.id)),
          questions: new Set(chosen.map((example) => JSON.stringify(example.fields))),
          text: blockFor(group),
        };
        cache.set(key, cached);
      }
      // Only an item that is itself in the pool (or duplicates an example) needs its own block.
      if (cached.ids.has(item.id) || cached.questions.has(JSON.stringify(item.fields))) return blockFor(group, item);
      return cached.text;
    },
  };
}
