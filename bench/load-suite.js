// Time to load and validate the full KMMLU suite (35,030 items), in a fresh process: with every item
// in memory (`loadSuite("kmmlu")`), or as the packed index a run uses (`--index`), which reads the
// suite index cache ($KFM_CACHE_DIR) when it holds this suite and writes it when it does not.
const indexed = process.argv.includes("--index");
const started = performance.now();
const { loadSuite } = await import("../dist/suite/index.js");
const imported = performance.now();
const suite = indexed ? await loadSuite("kmmlu", { index: true }) : await loadSuite("kmmlu");
const loaded = performance.now();
console.log(
  JSON.stringify({
    items: indexed ? suite.index.size : suite.items.length,
    importMs: imported - started,
    loadMs: loaded - imported,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
