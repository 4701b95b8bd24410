import { KfmError } from "../spec/errors.js";
import type { Window } from "../spec/verdict.js";

export type { Window } from "../spec/verdict.js";

export function parseWindow(text: string, flag = "--window"): Window {
  const match = /^(\d+)\s*(mo|m|months?|d|days?)$/i.exec(text.trim());
  if (!match || Number(match[1]) <= 0) throw new KfmError("usage", `${flag} expects months like 6mo or days like 180d, got "${text}"`);
  const amount = Number(match[1]);
  return /^d/i.test(match[2]!) ? { days: amount } : { months: amount };
}

export function formatWindow(window: Window): string {
  return "months" in window ? `${window.months}mo` : `${window.days}d`;
}

export function parseDate(text: string, flag = "--as-of"): string {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ||
    new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text
  ) {
    throw new KfmError("usage", `${flag} expects a date YYYY-MM-DD, got "${text}"`);
  }
  return text;
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The first day that is NOT in the window, i.e. the exclusive start. Month arithmetic clamps to
 * the end of the month: 2026-08-31 minus 6 months is 2026-02-28.
 */
export function windowStart(asOf: string, window: Window): string {
  const date = new Date(`${asOf}T00:00:00Z`);
  if ("days" in window) {
    date.setUTCDate(date.getUTCDate() - window.days);
    return date.toISOString().slice(0, 10);
  }
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - window.months;
  const day = date.getUTCDate();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/**
 * The boundary rule, as the README and every verdict state it. Start exclusive, end inclusive, so
 * that back-to-back reviews six months apart never count the same release day twice.
 */
export const BOUNDARY_RULE =
  "a global model counts when windowStart < release_date <= asOf, where windowStart = asOf minus the window " +
  "(calendar months clamped to the month's end: 2026-08-31 minus 6mo is 2026-02-28; or days); " +
  "a model released exactly one window before the as-of date has aged out, one released on the as-of date counts, one released after it never does";

/**
 * The boundary rule: a model counts when `windowStart(asOf) < release_date <= asOf`. A model
 * released exactly six months before the review has aged out; one released on the review day
 * counts; one released after it never does.
 */
export function inWindow(releaseDate: string, asOf: string, window: Window): boolean {
  return releaseDate > windowStart(asOf, window) && releaseDate <= asOf;
}

/** Months from one date to a later one, as a decimal (average month length), for explanations. */
export function monthsBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (86_400_000 * 30.436875);
}

/** Month ends from `months` months before `asOf` up to `asOf` itself (the last point), oldest first. */
export function monthEnds(asOf: string, months: number): string[] {
  const end = new Date(`${asOf}T00:00:00Z`);
  const dates: string[] = [];
  for (let back = months; back >= 1; back--)
    dates.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back + 1, 0)).toISOString().slice(0, 10));
  dates.push(asOf);
  return dates;
}
