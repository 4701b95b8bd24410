/**
 * The value a record holds under `key` itself, never one inherited from Object.prototype: rows and maps are
 * read by names a suite or a data file chooses, and `toString` or `constructor` must read as absent there.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
