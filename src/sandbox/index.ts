export {
  createCodeExecutor,
  requireSandbox,
  executionRecord,
  DEFAULT_LIMITS,
  wallBudgetSeconds,
  type ExecutionLimits,
  type ExecutorOptions,
} from "./code-executor.js";
