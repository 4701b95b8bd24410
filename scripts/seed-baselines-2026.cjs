// Seeds baselines/published-2026.yaml and baselines/calendar.yaml from the programme's 2026 collections:
//   node scripts/seed-baselines-2026.cjs <published-scores-2026.yaml> <releases-2026.yaml>
// The headers of both files are kept from the current files. Reads baselines/published.yaml and
// baselines/benchmarks.yaml for the release calendar and the benchmark names.
const { parse, Document, visit } = require("yaml");
const fs = require("fs");
const path = require("path");
const [scoresFile, releasesFile] = process.argv.slice(2);
if (!scoresFile || !releasesFile) {
  console.error("usage: node scripts/seed-baselines-2026.cjs <published-scores-2026.yaml> <releases-2026.yaml>");
  process.exit(2);
}
const dir = path.join(__dirname, "..", "baselines");
const scores = parse(fs.readFileSync(scoresFile, "utf8"));
const releases2026 = parse(fs.readFileSync(releasesFile, "utf8"));
const published = parse(fs.readFileSync(path.join(dir, "published.yaml"), "utf8"));
const table = parse(fs.readFileSync(path.join(dir, "benchmarks.yaml"), "utf8")).benchmarks;

// --- benchmark names: the table's aliases, and the collection's annotated names read by hand -----------
const key = (name) => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
const canonical = new Map();
for (const row of table) for (const name of [row.name, ...(row.aliases || [])]) canonical.set(key(name), row.name);
const BY_HAND = {
  // The no-tools file of the HLE results: the full set.
  "Humanity's Last Exam (hle.yaml; no-tools file, separate hle_with_tools.yaml exists)": "Humanity's Last Exam",
  // The source presumes no tools; the setting note keeps "presumed".
  "Humanity's Last Exam (no tools, presumed)": "Humanity's Last Exam",
  // Artificial Analysis runs tau2-bench on the Telecom domain; the mirror's label says only 'tau2-bench'.
  "tau2-bench (AA; mirror label 'tau2-bench', presumably the Telecom domain AA uses)": "tau2-bench (Telecom)",
};
function benchmarkOf(name) {
  const found = BY_HAND[name] || canonical.get(key(name));
  if (!found) throw new Error(`benchmark not in baselines/benchmarks.yaml: ${name}`);
  return found;
}

// --- setting, read from the setting text and the model label -------------------------------------------
function reasoningOf(entry) {
  const note = entry.setting_note;
  if (/Non-think/.test(note)) return "none";
  if (/not stated|presumed/.test(note)) return undefined;
  if (/^Artificial Analysis independent evaluation at the variant's reasoning setting/.test(note)) {
    return /\((max|xhigh|high|medium)\)$/i.test(entry.model) ? "required" : undefined;
  }
  if (
    /thinking mode|Reasoning mode|reasoning mode 'Think|thinking-mode|xhigh reasoning effort|column '(GLM-5\.1 Thinking|Opus-4\.6 Max|Gemini-3\.1-Pro High|K2\.6 Thinking|GPT-5\.4 xHigh)'/.test(
      note,
    )
  )
    return "required";
  throw new Error(`unmapped setting: ${note}`);
}
const ITEMS = { KMMLU: 35030, HRM8K: 8011, KSM: 1428, "MMLU-Pro": 12032, "GPQA-Diamond": 198, "AIME 2025": 30, "AIME 2026": 30 };

const out = scores.map((entry) => {
  const benchmark = benchmarkOf(entry.benchmark);
  const e = { model: entry.model, vendor: entry.vendor, global: entry.global, release_date: entry.release_date };
  if (/^UNCERTAIN/.test(entry.release_source)) e.release_date_uncertain = true;
  e.release_source = entry.release_source;
  e.benchmark = benchmark;
  if (benchmark !== entry.benchmark) e.benchmark_as_published = entry.benchmark;
  e.score = entry.score;
  const setting = {};
  const reasoning = reasoningOf(entry);
  if (reasoning) setting.reasoning = reasoning;
  setting.note = entry.setting_note;
  e.setting = setting;
  if (ITEMS[benchmark]) e.items = ITEMS[benchmark];
  e.citation = entry.citation;
  e.reported_by = entry.reported_by;
  e.provenance = entry.provenance;
  e.measured_by = "published";
  return e;
});

// --- the release calendar: every scored model's release, variants grouped, and the unscored releases ---
// A label's release: the label without a trailing mode or effort (thinking, Think Max, xhigh, ...), and
// these, read by hand (two labels of one model, or a name that carries a date or a size).
const RELEASE_OF = {
  "GPT-OSS 120B": "gpt-oss-120b",
  "gpt-oss-120b (third-party run)": "gpt-oss-120b",
  "Qwen3 235B": "Qwen3-235B-A22B-2507",
  "Qwen3-235B-A22B-Thinking-2507": "Qwen3-235B-A22B-2507",
  "DeepSeek V3 (671B)": "DeepSeek-V3",
  "DeepSeek R1 (671B)": "DeepSeek-R1",
  "Claude-3-7-sonnet": "Claude 3.7 Sonnet",
  "GPT-4.1 (2025-04-14)": "GPT-4.1",
  "GPT-4.1 mini (2025-04-14)": "GPT-4.1 mini",
  "o3-mini (2025-01-31)": "o3-mini",
  "o4-mini (2025-04-16)": "o4-mini",
  "DeepSeek-V4 Flash (thinking)": "DeepSeek-V4-Flash",
  "GPT-5-mini (reasoning_effort=medium default)": "GPT-5-mini",
};
const MODE =
  /\s*\((thinking|non-thinking|w\/ thinking|no thinking|reasoning|think max|think high|non-think|max|xhigh|high|medium|max effort|high thinking|reasoning_effort=[a-z]+)\)$/i;
const releaseOf = (label) => RELEASE_OF[label] || label.replace(MODE, "");
const groups = new Map();
for (const entry of [...published, ...out]) {
  if (!entry.global) continue;
  const name = releaseOf(entry.model);
  const group = groups.get(name) || { model: name, vendor: entry.vendor, date: entry.release_date, labels: new Set(), sources: new Set() };
  if (group.date !== entry.release_date)
    throw new Error(`${name}: ${entry.model} is released ${entry.release_date}, another variant ${group.date}`);
  group.labels.add(entry.model);
  group.sources.add(entry.release_source);
  groups.set(name, group);
}
const releases = [...groups.values()]
  .sort((a, b) => a.date.localeCompare(b.date) || a.model.localeCompare(b.model))
  .map((group) => {
    const labels = [...group.labels];
    const release = { model: group.model, vendor: group.vendor, date: group.date, date_basis: "scored", source: [...group.sources][0] };
    if (labels.length > 1 || labels[0] !== group.model) release.scored_as = labels;
    return release;
  });

// Bounds of the releases the collection dates only roughly: what its `when` says, and the collection's
// own scope (global releases of 2026, collected 2026-12-04). Where a model's number places it after a
// dated release of the same line, that release's date is the lower bound (kfm's reading, in `source`).
const COLLECTED = "2026-12-04";
// Vendor names as the registry's entries spell them (a stage may count releases by vendor).
const VENDOR = { Zhipu: "Zhipu AI (Z.ai)" };
const BOUNDS = {
  "GPT-6 Luna / GPT-6.1 Sol": ["2026-07-13", "2026-10-31", "after GPT-5.6 (2026-07-13) by version order"],
  "Claude Opus 4.7 / 4.8": ["2026-02-05", "2026-07-25", "between Claude Opus 4.6 and Claude Opus 5, as the collection says"],
  "Claude Opus 5.5 / Sonnet 5.5": ["2026-07-25", "2026-10-31", "after Claude Opus 5 (2026-07-25) by version order"],
  "Gemini 3.5 / 3.6 / 3.7 Flash": ["2026-02-19", COLLECTED, "after Gemini 3.1 Pro, as the collection says; before it was collected"],
  "Gemini 3.8 Flash": ["2026-02-19", "2026-09-30", "after Gemini 3.1 Pro (2026-02-19) by version order"],
  "GLM-5.3 / GLM-5.3-Flash": ["2026-06-13", COLLECTED, "after GLM-5.2, as the collection says; before it was collected"],
  "DeepSeek-V4.1-Flash": ["2026-09-01", COLLECTED, "'late 2026' read as September to the collection date"],
  "Qwen3.8-Max": ["2026-07-01", "2026-09-30", "'about 2026-08' read as July to September"],
};
for (const row of releases2026) {
  const release = { model: row.model, vendor: VENDOR[row.vendor] || row.vendor };
  const basis = `releases-2026.yaml (collected ${COLLECTED}), date_basis ${row.date_basis}${row.note ? `; ${row.note}` : ""}`;
  if (row.date) Object.assign(release, { date: row.date, date_basis: row.date_basis, source: basis });
  else {
    const [earliest, latest, why] = BOUNDS[row.model] || [
      "2026-01-01",
      COLLECTED,
      "a 2026 release (the collection's scope), before it was collected",
    ];
    Object.assign(release, { earliest, latest, date_basis: row.date_basis, when: String(row.when), source: `${basis}; bounds: ${why}` });
  }
  if (groups.has(row.model)) throw new Error(`${row.model} is both scored and unscored`);
  releases.push(release);
}

// --- write, keeping each file's header ----------------------------------------------------------------
function write(file, data) {
  const target = path.join(dir, file);
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  const header =
    current
      .split("\n")
      .filter((line, index, lines) => lines.slice(0, index + 1).every((earlier) => earlier.startsWith("#") || earlier === ""))
      .join("\n") + "\n";
  const doc = new Document(data);
  // Dates stay quoted so that no YAML 1.1 reader turns them into timestamps.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) node.type = "QUOTE_SINGLE";
    },
  });
  fs.writeFileSync(target, header + doc.toString({ lineWidth: 200, singleQuote: true }));
}
write("published-2026.yaml", out);
write("calendar.yaml", { kfm: "calendar/v1", reviewed_through: COLLECTED, releases });
console.log(
  out.length,
  "entries;",
  out.filter((e) => e.benchmark_as_published).length,
  "benchmark names mapped;",
  releases.length,
  "releases",
);
