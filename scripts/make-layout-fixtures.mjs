// Writes tests/fixtures/supplied-layouts: a few made-up rows per published layout of each supplied suite, with the
// columns and file names the dataset cards and repositories describe (no gated or licensed rows). Run once:
//   node scripts/make-layout-fixtures.mjs
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetWriteBuffer } from "hyparquet-writer";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "tests", "fixtures", "supplied-layouts");

async function put(path, content) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
const jsonArray = (rows) => JSON.stringify(rows, null, 2) + "\n";
const jsonLines = (rows) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
/** Parquet from rows: strings, lists of strings and 64-bit integers, as Hugging Face writes them. */
function parquet(rows) {
  const names = Object.keys(rows[0]);
  const columnData = names.map((name) => {
    const data = rows.map((row) => row[name]);
    return typeof data[0] === "bigint" ? { name, data, type: "INT64" } : { name, data };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

await rm(root, { recursive: true, force: true });

// CLIcK, the Dataset folder (GitHub rladmstn1714/CLIcK and the HF repository): id, paragraph, question, choices, answer (option text).
const click = (id, options, answer, paragraph = "") => ({ id, paragraph, question: `질문 ${id}?`, choices: options, answer });
await put(
  "click/dataset-folder/click/Dataset/Culture/Korean Law/Law_KIIP.json",
  jsonArray([click("KIIP_law_1", ["가", "나", "다", "라"], "가"), click("KIIP_law_2", ["가", "나", "다", "라"], " 다 ")]),
);
await put(
  "click/dataset-folder/click/Dataset/Culture/Korean History/History_KHB.json",
  jsonArray([click("KHB_1", ["갑", "을", "병", "정"], "갑")]),
);
await put(
  "click/dataset-folder/click/Dataset/Language/Grammar/Grammar_CSAT.json",
  jsonArray([
    click("CSAT_korean_22_1", ["① 하나", "② 둘", "③ 셋", "④ 넷", "⑤ 다섯"], "① 하나", "지문"),
    click("CSAT_korean_22_2", ["① 하나", "② 둘", "③ 셋", "④ 넷", "⑤ 다섯"], "④ 넷", "지문"),
  ]),
);
// CLIcK, HF Parquet conversion: the same columns in one file.
await put(
  "click/parquet/click/default/train/0000.parquet",
  parquet([
    click("KIIP_law_1", ["가", "나", "다", "라"], "가"),
    click("TK_2016_1", ["가", "나", "다", "라"], "나"),
    click("PSAT_2018_3", ["가", "나", "다", "라"], "가"),
  ]),
);

// KMMLU-Redux / KMMLU-Pro on Hugging Face: question, options (list), solution (1-based), and category / license_name.
for (const [suite, subject, subjects] of [
  ["kmmlu-redux", "category", ["Law", "Accounting"]],
  ["kmmlu-pro", "license_name", ["공인회계사", "변리사"]],
]) {
  await put(
    `${suite}/parquet/${suite}/data/test-00000-of-00001.parquet`,
    parquet(
      [1n, 3n, 1n, 4n, 1n].map((solution, index) => ({
        question: `문제 ${index}`,
        options: ["가", "나", "다", "라", "마"],
        solution,
        [subject]: subjects[index % 2],
      })),
    ),
  );
  // The KMMLU evaluation-harness fork: one file per category, `solution` a list of strings, options numbered `1) `;
  // the last row of the first file is voided (every option accepted).
  for (const [file, rows] of [
    [subjects[0], [["1"], ["2"], ["1", "2", "3", "4"]]],
    [subjects[1], [["1"], ["4"]]],
  ]) {
    await put(
      `${suite}/harness-fork/${suite}/${file}.jsonl`,
      jsonLines(
        rows.map((solution, index) => ({ question: `${file} 문제 ${index}`, options: ["1) 가", "2) 나", "3) 다", "4) 라"], solution })),
      ),
    );
  }
}

// KoBALT-700 (columns per its card: Class, Subclass, ID, Question, Answer, Level, Sampling_YN); ten options in the question.
const kobalt = (id, answer, kind) => ({
  Class: kind,
  Subclass: "sub",
  ID: id,
  Question: `문제 ${id}\nA. 가\nB. 나\nC. 다\nD. 라\nE. 마\nF. 바\nG. 사\nH. 아\nI. 자\nJ. 차`,
  Answer: answer,
  Level: "1",
  Sampling_YN: "N",
});
const kobaltRows = [
  kobalt("1", "A", "Syntax"),
  kobalt("2", "C", "Semantics"),
  kobalt("3", "A", "Semantics"),
  kobalt("4", "J", "Pragmatics"),
];
await put("kobalt/parquet/kobalt/data/train-00000-of-00001.parquet", parquet(kobaltRows));
await put("kobalt/json/kobalt/kobalt-700.jsonl", jsonLines(kobaltRows));

// MMLU-Pro on Hugging Face: data/test- and data/validation-*.parquet; question_id (int64), options (up to 10), answer letter.
const mmlu = (id, category, answer, count, cot = "") => ({
  question_id: BigInt(id),
  question: `Made-up question ${id}?`,
  options: Array.from({ length: count }, (_, index) => (index === count - 1 && count === 10 ? "N/A" : `option ${index + 1}`)),
  answer,
  answer_index: BigInt("ABCDEFGHIJ".indexOf(answer)),
  cot_content: cot,
  category,
  src: "made-up",
});
await put(
  "mmlu-pro/parquet/mmlu-pro/data/test-00000-of-00001.parquet",
  parquet([mmlu(1, "law", "A", 10), mmlu(2, "law", "D", 4), mmlu(3, "biology", "A", 9), mmlu(4, "math", "B", 10)]),
);
await put(
  "mmlu-pro/parquet/mmlu-pro/data/validation-00000-of-00001.parquet",
  parquet(
    ["law", "biology", "math"].flatMap((category, c) =>
      [1, 2, 3, 4, 5].map((n) => mmlu(100 + c * 10 + n, category, "B", 4, "A: Let's think step by step. The answer is (B).")),
    ),
  ),
);

// HLE on Hugging Face: data/test-00000-of-00001.parquet; image is "" or a data URI (items with one are left out).
const hle = (id, image, answer, answerType, category) => ({
  id,
  question: `Made-up question ${id}`,
  image,
  answer,
  answer_type: answerType,
  author_name: "x",
  rationale: "r",
  raw_subject: category,
  category,
  canary: "made-up canary",
});
await put(
  "hle/parquet/hle/data/test-00000-of-00001.parquet",
  parquet([
    hle("a1", "", "42", "exactMatch", "Math"),
    hle("a2", "data:image/png;base64,AAAA", "B", "multipleChoice", "Physics"),
    hle("a3", "", "C", "multipleChoice", "Physics"),
  ]),
);

// GPQA: the authors' dataset.zip unpacks to dataset/gpqa_diamond.csv (made-up rows in its columns).
const gpqaHeader = [
  "Question",
  "Correct Answer",
  "Incorrect Answer 1",
  "Incorrect Answer 2",
  "Incorrect Answer 3",
  "Explanation",
  "Subdomain",
  "High-level domain",
  "Record ID",
];
const gpqaRows = [1, 2, 3].map((n) => [
  `Made-up question ${n}?`,
  `right ${n}`,
  `wrong ${n}a`,
  `wrong ${n}b`,
  `wrong ${n}c`,
  "e",
  "sub",
  n === 2 ? "Physics" : "Chemistry",
  `rec${n}`,
]);
await put(
  "gpqa-diamond/zip-folder/gpqa/dataset/gpqa_diamond.csv",
  [gpqaHeader, ...gpqaRows].map((row) => row.map((cell) => `"${cell}"`).join(",")).join("\n") + "\n",
);
console.log(`wrote ${root}`);
