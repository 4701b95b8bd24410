import { KfmError, SuiteError } from "../spec/errors.js";
import { ownValue } from "../spec/own-value.js";

/** What the window reads of a data row (data.ts's DataRow, which imports the schema that imports this). */
interface DatedRow {
  file: string;
  row: number;
  line: number;
  values: Record<string, string>;
}

/** Rows kept by the date in one of their fields: `from` and `to` both inclusive, as dates or date-times. */
export interface DateWindow {
  field: string;
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Milliseconds of a date or date-time; one without a zone is read as UTC (LiveCodeBench's dates carry none). */
export function parseWindowDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DATE.test(trimmed)) return undefined;
  const withTime = trimmed.length === 10 ? `${trimmed}T00:00:00` : trimmed.replace(" ", "T");
  const value = Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/.test(withTime) ? withTime : `${withTime}Z`);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * The rows of a file inside the window, as LiveCodeBench's `load_code_generation_dataset` selects
 * by `--start_date`/`--end_date` (start_date <= contest_date <= end_date, end date at midnight).
 * A row whose date cannot be read is a data error naming its line.
 */
export function rowsInWindow<Row extends DatedRow>(rows: readonly Row[], window: DateWindow): Row[] {
  const from = window.from === undefined ? -Infinity : parseWindowDate(window.from)!;
  const to = window.to === undefined ? Infinity : parseWindowDate(window.to)!;
  return rows.filter((row) => {
    const value = ownValue(row.values, window.field) ?? "";
    const date = parseWindowDate(value);
    if (date === undefined)
      throw new SuiteError(
        { file: row.file, ...(row.line ? { line: row.line } : {}), path: window.field },
        `row ${row.row}: ${window.field} "${value}" is not a date (YYYY-MM-DD or an ISO date-time), so data.window cannot place it`,
        { code: "data" },
      );
    return date >= from && date <= to;
  });
}

/**
 * The window a run uses: the suite's `data.window` with the run's `--from/--to` over its ends. Moving
 * the ends of a suite that has no window, or giving an end that is not a date, is a usage error.
 */
export function effectiveWindow(
  suiteId: string,
  declared: DateWindow | undefined,
  override: { from?: string; to?: string } | undefined,
): DateWindow | undefined {
  const moved = override && (override.from !== undefined || override.to !== undefined);
  if (!moved) return declared;
  if (!declared)
    throw new KfmError("usage", `--from/--to select items by date, and suite ${suiteId} has no data.window`, {
      hint: "Use --from/--to with a dated suite such as livecodebench-v6.",
    });
  for (const [flag, value] of [
    ["--from", override.from],
    ["--to", override.to],
  ] as const) {
    if (value !== undefined && parseWindowDate(value) === undefined)
      throw new KfmError("usage", `${flag} "${value}" is not a date`, { hint: `Write ${flag} as YYYY-MM-DD, e.g. ${flag} 2025-02-01.` });
  }
  return {
    field: declared.field,
    ...((override.from ?? declared.from) !== undefined ? { from: override.from ?? declared.from } : {}),
    ...((override.to ?? declared.to) !== undefined ? { to: override.to ?? declared.to } : {}),
  };
}
