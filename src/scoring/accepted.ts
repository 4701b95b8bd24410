import type { SuiteItem } from "../spec/item.js";

/** The extracted label is right: the target, or on a voided item any label the data lists as accepted. */
export function isAccepted(item: SuiteItem, extracted: string, target = item.target): boolean {
  return item.accepted ? item.accepted.includes(extracted) : extracted === target;
}
