export { loadSuite, type LoadedSuite, type LoadSuiteOptions } from "./load.js";
export { listSuites, builtInSuitesDir, type SuiteEntry } from "./catalog.js";
export { selectItems, expandTrials, type SelectOptions } from "./select.js";
export { suiteJsonSchema, suiteSchema, type SuiteDefinition } from "./schema.js";
export { compileTemplate, type Template } from "./template.js";
