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

// KoBALT-700 as its Hugging Face viewer shows it (config kobalt_v1, data/train.jsonl): ID (24-char hex), 대분류, 소분류,
// question (passage, question and the ten options inline as "A: … B: …"), answer (letter), 난이도 (int 1-3), sampling_YN
// (int). The rows are written for these fixtures (not KoBALT's), in its style.
const options = (texts) => texts.map((text, index) => `${"ABCDEFGHIJ"[index]}: ${text}`).join("\n");
const kobaltKo = [
  {
    ID: "6650a1f3c2e4b8d1a9f07c31",
    대분류: "통사론",
    소분류: "논항 구조",
    question: `지문:\n(가) 철수가 동생에게 책을 주었다.\n(나) 철수가 동생을 책을 주었다.\n\n문제: (가)와 (나) 중 문법적인 문장과, '주다'가 요구하는 필수 논항의 수를 옳게 짝지은 것은?\n\n${options(
      [
        "(가), 세 개",
        "(가), 두 개",
        "(나), 세 개",
        "(나), 두 개",
        "둘 다, 세 개",
        "둘 다, 두 개",
        "(가), 한 개",
        "(나), 한 개",
        "둘 다 비문, 세 개",
        "둘 다 비문, 두 개",
      ],
    )}`,
    answer: "A",
    난이도: 1,
    sampling_YN: 0,
  },
  {
    ID: "6650a1f3c2e4b8d1a9f07c32",
    대분류: "의미론",
    소분류: "상(aspect)",
    question: `지문:\n빈칸에 들어갈 말로 어색하지 않은 것을 차례대로 고르시오.\n민수는 돈을 (  ) 아르바이트를 시작했다. 다행히 지각은 (  ). 내일은 가게에 (  ).\n\n문제: 세 빈칸에 차례로 들어갈 말로 가장 자연스러운 것은?\n\n${options(
      [
        "벌이려고, 면했어서, 들러볼게",
        "벌었으려고, 면했다, 들러봤어",
        "벌려고, 면했던, 들를까",
        "벌이느라, 면해서, 들렀어",
        "벌자고, 면했대, 들를게",
        "벌게, 면했으니, 들러라",
        "벌면서, 면하고, 들러서",
        "벌려고, 면했다, 들러볼게",
        "벌었고, 면하려고, 들렀던",
        "벌까, 면했을, 들르자",
      ],
    )}`,
    answer: "H",
    난이도: 2,
    sampling_YN: 1,
  },
  {
    ID: "6650a1f3c2e4b8d1a9f07c33",
    대분류: "음운론",
    소분류: "음운 변동",
    question: `지문:\n'국물'은 [궁물]로 발음된다.\n\n문제: '국물'의 발음에서 일어나는 음운 변동과 같은 종류의 변동이 일어나는 단어는?\n\n${options(
      ["밥물", "신라", "굳이", "좋다", "값도", "놓고", "솜이불", "맑다", "닭", "옷안"],
    )}`,
    answer: "A",
    난이도: 1,
    sampling_YN: 0,
  },
  {
    ID: "6650a1f3c2e4b8d1a9f07c34",
    대분류: "화용론",
    소분류: "함축",
    question: `지문:\nA: 오늘 저녁에 영화 보러 갈래?\nB: 내일 아침에 시험이 있어.\n\n문제: B의 대답이 함축하는 것으로 가장 적절한 것은?\n\n${options(
      [
        "영화를 보러 가고 싶다.",
        "시험 공부를 다 끝냈다.",
        "오늘 저녁에는 영화를 보러 가기 어렵다.",
        "내일 아침에 영화를 보자.",
        "A와 함께 시험을 보고 싶다.",
        "시험이 취소되었다.",
        "영화를 좋아하지 않는다.",
        "A의 질문을 듣지 못했다.",
        "오늘 저녁에 시험이 있다.",
        "내일 저녁에 시간이 없다.",
      ],
    )}`,
    answer: "C",
    난이도: 2,
    sampling_YN: 0,
  },
  {
    ID: "6650a1f3c2e4b8d1a9f07c35",
    대분류: "형태론",
    소분류: "파생",
    question: `지문:\n접미사 '-이'는 형용사 어간에 붙어 명사를 만들기도 하고 부사를 만들기도 한다.\n\n문제: 밑줄 친 '-이'가 부사를 만드는 접미사로 쓰인 단어는?\n\n${options(
      ["길이", "높이(명사)", "넓이", "깊이(명사)", "먹이", "놀이", "구이", "다듬이", "벌이", "깨끗이"],
    )}`,
    answer: "J",
    난이도: 3,
    sampling_YN: 1,
  },
];
/** Hugging Face's Parquet conversion writes the integer columns as int64. */
const int64 = (rows) =>
  rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "number" ? BigInt(value) : value])),
  );
await put("kobalt/parquet/kobalt/data/train-00000-of-00001.parquet", parquet(int64(kobaltKo)));
await put("kobalt/json/kobalt/data/train.jsonl", jsonLines(kobaltKo));

// KoBALT-700 with English column names (the dataset card's wording: Class, Subclass, ID, Question, Answer, Level,
// Sampling_YN; a later README revision reads x["Level"]): the same layouts' files, told apart by the columns.
const kobaltEn = (id, answer, kind) => ({
  Class: kind,
  Subclass: "sub",
  ID: id,
  Question: `문제 ${id}\nA: 가\nB: 나\nC: 다\nD: 라\nE: 마\nF: 바\nG: 사\nH: 아\nI: 자\nJ: 차`,
  Answer: answer,
  Level: 1n,
  Sampling_YN: 0n,
});
const kobaltEnRows = [
  kobaltEn("1", "A", "Syntax"),
  kobaltEn("2", "C", "Semantics"),
  kobaltEn("3", "A", "Semantics"),
  kobaltEn("4", "J", "Pragmatics"),
];
await put("kobalt/parquet-en/kobalt/data/train-00000-of-00001.parquet", parquet(kobaltEnRows));
await put(
  "kobalt/json-en/kobalt/kobalt-700.jsonl",
  jsonLines(kobaltEnRows.map((row) => ({ ...row, Level: Number(row.Level), Sampling_YN: Number(row.Sampling_YN) }))),
);

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
