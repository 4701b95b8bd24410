import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readableSubject } from "./subject-names.js";

describe("readableSubject", () => {
  it("turns every KMMLU file stem into the dataset's category field", () => {
    const subjects = JSON.parse(readFileSync(new URL("../../suites/kmmlu/data/subjects.json", import.meta.url), "utf8")) as Array<{
      subject: string;
      category_field: string;
    }>;
    expect(subjects).toHaveLength(45);
    for (const { subject, category_field } of subjects) expect(readableSubject(subject)).toBe(category_field);
  });
});
