// Time to load and validate the full KMMLU suite (35,030 items), in a fresh process.
const started = performance.now();
const { loadSuite } = await import("../dist/suite/index.js");
const imported = performance.now();
const suite = await loadSuite("kmmlu");
const loaded = performance.now();
console.log(
  JSON.stringify({
    items: suite.items.length,
    importMs: imported - started,
    loadMs: loaded - imported,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
