/**
 * zod without its JIT, for the CLI: each schema is run a few times a process (a suite, a config, a
 * campaign), where zod 4's generated object parsers (a `new Function` each) cost more to build than
 * they save: 17-20 ms of `kfm eval`'s start before its first item, 4-5 ms without. zod's config is
 * global, so a program using kfm as a library keeps its own. A module of its own, imported by name
 * (a dynamic `import("zod")` would bundle all of zod, its 40 locales included).
 */
import { config } from "zod";

config({ jitless: true });
