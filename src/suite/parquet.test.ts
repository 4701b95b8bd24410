import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { loadSuite } from "./load.js";

describe("Parquet data", () => {
  it("loads a Hugging Face Parquet download: a list column of options, 64-bit integer answers, subjects from a column", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-parquet-"));
    await mkdir(join(dir, "data"));
    // The KMMLU-Redux card's columns: question, options (list of strings), solution (1-based), category.
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: "question", data: ["첫 문제", "둘째 문제", "셋째 문제"] },
        {
          name: "options",
          data: [
            ["가", "나", "다", "라"],
            ["마", "바", "사", "아"],
            ["자", "차", "카", "타"],
          ],
        },
        { name: "solution", data: [3n, 1n, 4n], type: "INT64" },
        { name: "category", data: ["Law", "Law", "Accounting"] },
      ],
    });
    await writeFile(join(dir, "data", "test-00000-of-00001.parquet"), new Uint8Array(bytes));
    await writeFile(
      join(dir, "s.yaml"),
      `kfm: suite/v1\nid: s\nversion: "1"\ntitle: t\nbenchmark: B\nlanguage: ko\nlicence: x\nsource: { citation: c }\ndata:\n  format: parquet\n  files: data/*.parquet\n  subject: { from: field, field: category }\n  fields: { question: question, options: options, answer: solution }\n  choices_field: options\n  target: { field: answer, choice: index1 }\nprompt: { user: "{{question}}\\n{{options}}" }\nscorer: { id: multiple-choice }\n`,
    );
    const suite = await loadSuite(join(dir, "s.yaml"));
    expect(suite.items.map((item) => [item.subject, item.target])).toEqual([
      ["Law", "C"],
      ["Law", "A"],
      ["Accounting", "D"],
    ]);
    expect(suite.render(suite.items[1]!).messages[0]!.content).toBe("둘째 문제\nA. 마\nB. 바\nC. 사\nD. 아");
    expect(suite.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
