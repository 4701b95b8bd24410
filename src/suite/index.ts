export { loadSuite, type IndexedSuite, type LoadedSuite, type LoadSuiteOptions } from "./load.js";
export { listSuites, builtInSuitesDir, type SuiteEntry } from "./catalog.js";
export { selectItems, selectFromIndex, selectionOf, expandTrials, type SelectOptions } from "./select.js";
export { ItemIndex, ItemSelection } from "./item-index.js";
export { suiteJsonSchema, suiteSchema, type SuiteDefinition } from "./schema.js";
export { compileTemplate, type Template } from "./template.js";
export { suiteOfRun } from "./suite-of-run.js";
export { runSuite, type SuiteCache } from "./run-prompts.js";
export { suiteRecord } from "./suite-record.js";
