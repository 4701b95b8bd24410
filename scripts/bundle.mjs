// The second step of `npm run build`: the CLI (dist/cli/main.js, as tsc wrote it) and every module it
// imports, bundled by esbuild into dist/bundle/ with one chunk per command's dynamic import. Node then
// reads a few files instead of resolving, reading and linking some 660 modules (zod alone is 240) on
// every start: `kfm eval`'s modules load in about 265 ms instead of 400 on the 2-core machine. The
// library (dist/index.js) is left as tsc wrote it. Every path kfm finds from its own location
// (suites/, baselines/, stages/, models/, package.json) is two folders up from dist/bundle/ as from dist/<folder>/.
import { readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";

/**
 * fdir (under tinyglobby) probes for picomatch when it loads, with a runtime `require.resolve` and
 * `require`: in the bundle that resolved, read and compiled picomatch's six CommonJS files from
 * node_modules on every start that globs (~15 million instructions of a one-item `kfm eval`), beside
 * the copy already bundled for tinyglobby. The probe is given that bundled copy instead. The build
 * fails if fdir's probe changes, so the replacement cannot silently stop applying.
 */
const FDIR_PROBE = /try \{\s*__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);\s*\} catch \{\}/;
const fdirPicomatch = {
  name: "fdir-picomatch",
  setup(build) {
    build.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!FDIR_PROBE.test(source)) throw new Error(`${args.path}: fdir's picomatch probe changed; update scripts/bundle.mjs`);
      const contents = `import __kfmPicomatch from "picomatch";\n${source.replace(FDIR_PROBE, "pm = __kfmPicomatch;")}`;
      return { contents, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

rmSync("dist/bundle", { recursive: true, force: true }); // chunk names carry a hash: no chunk of an older build stays
// The suite index cache's loader fingerprint, worked out now from the files tsc just wrote, as the
// unbundled code works it out at run time, so the bundled CLI need not read them on every start.
const { codeFingerprint } = await import("../dist/suite/index-cache.js");
await build({
  entryPoints: ["dist/cli/main.js"],
  outdir: "dist/bundle",
  // .mjs: Node knows an .mjs file is a module by its name, where for each .js file it imports it looks
  // for the nearest package.json's "type" (~6 ms over the ~40 chunks `kfm eval` loads; a one-item run
  // ~1% fewer instructions under callgrind).
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  define: { KFM_LOADER_FINGERPRINT: JSON.stringify(await codeFingerprint()) },
  // CommonJS packages (undici, commander, cli-table3) call require(): give each chunk one.
  banner: { js: "import { createRequire as __kfmCreateRequire } from 'node:module'; const require = __kfmCreateRequire(import.meta.url);" },
  // `undici` is its Pool alone (scripts/undici-pool.cjs): kfm uses nothing else of it.
  plugins: [
    {
      name: "undici-pool",
      setup(build) {
        build.onResolve({ filter: /^undici$/ }, () => ({ path: resolve("scripts/undici-pool.cjs") }));
      },
    },
    fdirPicomatch,
  ],
  // Whitespace and syntax minified, names kept: V8 scans a function's source again when it first runs,
  // and comments and indentation are a third of the bundle. `kfm eval` of 2,000 KMMLU items at 0 ms
  // took 1.49 s of CPU unminified and 1.44 s minified (medians of nine interleaved runs). The linked
  // source maps (composed with tsc's) give `KFM_DEBUG=1` stack traces in src/ lines (bin/kfm.js).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
});
