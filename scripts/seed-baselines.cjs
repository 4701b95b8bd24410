// Seeds baselines/published.yaml from the programme's published-scores collection (kept for re-seeding):
//   node scripts/seed-baselines.cjs <published-scores.yaml> [baselines/published.yaml]
// The file's header comment (provenance, terms) is kept from the current baselines/published.yaml.
const { parse, Document, visit, isScalar } = require("yaml");
const fs = require("fs");
const [input, output = require("path").join(__dirname, "..", "baselines", "published.yaml")] = process.argv.slice(2);
if (!input) {
  console.error("usage: node scripts/seed-baselines.cjs <published-scores.yaml> [output]");
  process.exit(2);
}
const src = parse(fs.readFileSync(input, "utf8"));

// Thinking/reasoning models in the KMMLU-Redux/Pro paper's zero-shot CoT table; the others answered in chat mode.
const THINKING = new Set([
  "o1",
  "o3",
  "o3-mini (2025-01-31)",
  "o4-mini (2025-04-16)",
  "DeepSeek R1 (671B)",
  "Claude 3.7 Sonnet (w/ thinking)",
  "Qwen3-235B-A22B (thinking)",
]);
const CHAT = new Set([
  "GPT-4.1 (2025-04-14)",
  "GPT-4.1 mini (2025-04-14)",
  "Llama-4-Maverick-17B-128E-Instruct",
  "DeepSeek V3 (671B)",
  "Claude 3.7 Sonnet (no thinking)",
  "Qwen3-235B-A22B (non-thinking)",
  "Grok-3-beta",
]);
const ITEMS = { KMMLU: 35030, HRM8K: 8011, KSM: 1428, "MMLU-Pro": 12032, "GPQA-Diamond": 198, "AIME 2025": 30 };

function setting(entry) {
  const note = entry.setting;
  const model = entry.model;
  const s = {};
  if (/^reasoning\/thinking mode; EXAONE 4\.0 '32B Reasoning Mode'/.test(note)) s.reasoning = "required";
  else if (/^non-reasoning mode; EXAONE 4\.0 '32B Non-Reasoning Mode'/.test(note)) s.reasoning = "none";
  else if (/^reasoning mode; column '/.test(note)) s.reasoning = "required";
  else if (note === "thinking mode (scores as reported by SKT)") s.reasoning = "required";
  else if (note === "non-thinking mode (scores as reported by SKT)") s.reasoning = "none";
  else if (/^reasoning effort: (high|medium) \(scores as reported by Upstage\)$/.test(note)) s.reasoning = "required";
  else if (/^reasoning effort: default \(mode not stated\)/.test(note)) {
    /* mode not stated: left unknown */
  } else if (/^zero-shot CoT, Korean prompt/.test(note)) {
    s.shots = 0;
    if (THINKING.has(model)) s.reasoning = "required";
    else if (CHAT.has(model)) s.reasoning = "allowed";
    else throw new Error(`CoT table: classify ${model}`);
    s.prompt = "zero-shot chain of thought, Korean prompt";
  } else if (/^0-shot, CLIcK-paper prompt/.test(note)) {
    s.shots = 0;
    if (/reasoning_effort=none/.test(model)) s.reasoning = "none";
    else if (/reasoning_effort=medium/.test(model) || /^gpt-oss/.test(model)) s.reasoning = "required";
    s.prompt = "CLIcK-paper prompt, no system prompt";
  } else if (
    /^accuracy \(0-1 scale\)|^accuracy as stated in abstract|^score out of 100 as reported in press|^average over the '13 benchmarks/.test(
      note,
    )
  ) {
    /* not stated */
  } else throw new Error(`unmapped setting: ${note}`);
  s.note = note;
  return s;
}

// primary: the number was read in the document that published it (a vendor's README or card, a paper, an
// evaluator's own README, or a verbatim copy of one); secondary: seen only as a press report of it.
function provenance(citation) {
  return /Kookmin Ilbo|as reported by Herald|press statements/.test(citation) ? "secondary" : "primary";
}

const out = src.map((entry) => {
  const rescale = /^accuracy \(0-1 scale\)/.test(entry.setting);
  const e = {
    model: entry.model,
    vendor: entry.vendor,
    global: true,
    release_date: entry.release_date,
  };
  if (/^UNCERTAIN/.test(entry.release_source)) e.release_date_uncertain = true;
  e.release_source = entry.release_source;
  e.benchmark = entry.benchmark;
  e.score = rescale ? Math.round(entry.score * 10000) / 100 : entry.score;
  if (rescale) e.score_as_published = entry.score;
  e.setting = setting(entry);
  if (ITEMS[entry.benchmark]) e.items = ITEMS[entry.benchmark];
  e.citation = entry.source;
  e.provenance = provenance(entry.source);
  e.measured_by = "published";
  return e;
});

const current = fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "";
const header =
  current
    .split("\n")
    .filter((line, index, lines) => lines.slice(0, index + 1).every((earlier) => earlier.startsWith("#") || earlier === ""))
    .join("\n") + "\n";
const doc = new Document(out);
// Dates stay quoted so that no YAML 1.1 reader turns them into timestamps.
visit(doc, {
  Scalar(_, node) {
    if (typeof node.value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) node.type = "QUOTE_SINGLE";
  },
});
fs.writeFileSync(output, header + doc.toString({ lineWidth: 200, singleQuote: true }));
console.log(
  out.length,
  "entries;",
  out.filter((e) => e.items).length,
  "with items;",
  out.filter((e) => e.release_date_uncertain).length,
  "uncertain dates",
);
