#!/usr/bin/env node
// Builds suites/tau2-telecom/ from the supplied tau2-bench Telecom snapshot (MIT, Sierra Research):
// the CRM database and the phone's initial state as JSON (TOML read by python3's tomllib, at dev
// time only: the shipped suite needs no python), the policies, the user-simulator guidelines, the
// tool schemas (tau2's own Tool.openai_schema, captured in scripts/tau2-telecom-tool-schemas.json and
// checked against the reference tools' signatures) and the
// 114 "base" tasks as JSONL. Every task's reference actions are then played against the suite's
// environment module and must pass tau2's grading: a task whose own solution fails is a bug here.
//
//   node scripts/build-tau2-telecom.mjs [/path/to/shared/data/tau2-telecom]
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = process.argv[2] ?? join(root, "..", "shared", "data", "tau2-telecom");
const out = join(root, "suites", "tau2-telecom");
mkdirSync(join(out, "data"), { recursive: true });

// Python reads the TOML and the reference tools' signatures; it prints JSON and never runs tau2 code.
const PYTHON = String.raw`
import ast, json, sys, tomllib
src = sys.argv[1]
def toml(name):
    with open(f"{src}/data/{name}", "rb") as f:
        return tomllib.load(f)
TYPES = {"str": "string", "float": "number", "int": "integer", "bool": "boolean", "dict": "object"}
def json_type(node):
    text = ast.unparse(node) if node is not None else "str"
    if "APNSettings" in text: return {"type": "object"}
    if "NetworkModePreference" in text:
        return {"type": "string", "enum": ["4g_5g_preferred", "4g_only", "3g_only", "2g_only"]}
    return {"type": TYPES.get(text, "string")}
def tools(path, cls):
    tree = ast.parse(open(path).read())
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or node.name != cls: continue
        for fn in node.body:
            if not isinstance(fn, ast.FunctionDef): continue
            if not any("is_tool" in ast.unparse(d) for d in fn.decorator_list): continue
            doc = ast.get_docstring(fn) or ""
            head = doc.split("Args:")[0].split("Returns:")[0].strip()
            arg_docs = {}
            if "Args:" in doc:
                for line in doc.split("Args:")[1].split("Returns:")[0].split("Raises:")[0].splitlines():
                    if ":" in line and line.strip():
                        k, v = line.strip().split(":", 1)
                        arg_docs[k.strip()] = v.strip()
            args = [a for a in fn.args.args if a.arg != "self"]
            defaults = [None] * (len(args) - len(fn.args.defaults)) + list(fn.args.defaults)
            props, required = {}, []
            for a, d in zip(args, defaults):
                p = json_type(a.annotation)
                if a.arg in arg_docs: p["description"] = arg_docs[a.arg]
                if d is not None: p["default"] = ast.literal_eval(d)
                else: required.append(a.arg)
                props[a.arg] = p
            out.append({"name": fn.name, "description": head,
                        "parameters": {"type": "object", "properties": props, "required": required}})
    return out
def models(path):
    # Each pydantic model's fields in declaration order with their annotations: model_dump's key order and types.
    out = {}
    for node in ast.parse(open(path).read()).body:
        if isinstance(node, ast.ClassDef):
            fields = [[f.target.id, ast.unparse(f.annotation)] for f in node.body
                      if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)]
            if fields: out[node.name] = fields
    return out
print(json.dumps({
  "db": toml("db.toml"), "user_db": toml("user_db.toml"), "models": models(f"{src}/src/data_model.py"),
  "agent_tools": tools(f"{src}/src/tools.py", "TelecomTools"),
  "user_tools": tools(f"{src}/src/user_tools.py", "TelecomUserTools"),
}, default=lambda value: value.isoformat()))
`;
const python = spawnSync("python3", ["-c", PYTHON, source], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
if (python.status !== 0) throw new Error(`python3 failed: ${python.stderr}`);
const extracted = JSON.parse(python.stdout);
if (extracted.agent_tools.length !== 13 || extracted.user_tools.length !== 30)
  throw new Error(`expected 13 agent and 30 user tools, found ${extracted.agent_tools.length} and ${extracted.user_tools.length}`);
// The schemas the models see are tau2's own (Tool.openai_schema: docstring_parser's short and long description
// joined by a blank line, pydantic's parameter schema with its titles, $defs and anyOf), captured from tau2 by
// scripts/capture-tau2-tool-schemas.py; the signatures read above must name the same tools in the same order.
const official = JSON.parse(readFileSync(join(root, "scripts", "tau2-telecom-tool-schemas.json"), "utf8"));
for (const side of ["agent_tools", "user_tools"]) {
  const names = (tools) => tools.map((tool) => tool.name).join(",");
  if (names(official[side]) !== names(extracted[side]))
    throw new Error(`${side}: the captured schemas name other tools than the snapshot's source`);
  extracted[side] = official[side].map(({ name, description, parameters }) => ({ name, description, parameters }));
}

const read = (path) => readFileSync(join(source, path), "utf8");
// The agent's policy as tau2's get_environment(policy_type="manual") builds it (src/environment.py).
const policy = `<main_policy>\n${read("data/main_policy.md")}\n</main_policy>\n<tech_support_policy>\n${read("data/tech_support_manual.md")}\n</tech_support_policy>`;
writeFileSync(join(out, "policy.md"), policy);
// The agent's system prompt as tau2's LLMAgent words it: src/tau2/agent/llm_agent.py (a2c0247) LLMAgent.system_prompt,
// SYSTEM_PROMPT.format(domain_policy=..., agent_instruction=AGENT_INSTRUCTION), both templates .strip()ped, so no
// newline before <instructions> or after </policy>.
const agentSystem = `<instructions>
You are a customer service agent that helps the user according to the <policy> provided below.
In each turn you can either:
- Send a message to the user.
- Make a tool call.
You cannot do both at the same time.

Try to be helpful and always follow the policy. Always make sure you generate valid JSON only.
</instructions>
<policy>
${policy}
</policy>`;
const blockIndent = (text) =>
  text
    .split("\n")
    .map((line) => (line === "" ? "" : `    ${line}`))
    .join("\n");
writeFileSync(
  join(out, "tau2-telecom.yaml"),
  `kfm: suite/v1
id: tau2-telecom
version: 1.1.0
title: "tau2-bench Telecom: 114 dual-control tasks (the leaderboard's base split), an agent on the CRM and a simulated user on the phone"
benchmark: tau2-bench (Telecom)
language: en
licence: MIT
source:
  citation: "Barres et al., tau^2-Bench: Evaluating Conversational Agents in a Dual-Control Environment, arXiv:2506.07982; sierra-research/tau2-bench (MIT), see SOURCE.txt"
setting: { shots: 0, reasoning: allowed, prompt: tau2-bench }
data:
  format: jsonl
  files: data/tasks.jsonl
  subject: { from: field, field: issue }
  fields: { id: id, issue: issue, persona: persona, target: target, messages: messages, tools: tools, state: state, user: user, expected: expected }
  target: { field: target }
# Dual control: the agent works the CRM with its 13 tools, the simulated user (--user-sim) works the
# phone with its 30; environment.mjs is the Telecom domain and grades each task as tau2 does (its env
# assertions, and its actions where the task's reward_basis lists ACTION): state.checks must all hold.
# What the two models see follows tau2-bench a2c0247 (text, half duplex, not solo, the base tasks) byte for
# byte: both system prompts, the greeting, the tool schemas, the tool results and errors, the roles flipped for
# the user (orchestrator/orchestrator.py, agent/llm_agent.py, user/user_simulator.py, data_model/tasks.py,
# environment/environment.py). Not reproduced, by design or for want of machinery:
# - limits: tau2 stops at max_steps 200 (each agent or user message and each environment reply is a step,
#   checked only when no tool reply is due) or max_errors 10 (tool errors of both sides), no wall clock, and
#   scores any such stop 0 (evaluator.py grades only agent_stop and user_stop). kfm counts model calls (the
#   agent's, and the user's apart, each up to turns), the tool calls of both sides and seconds, and grades the
#   end state whatever the stop. These are looser: 100 agent and 100 user turns and 200 tool calls come to
#   up to about 400 of tau2's steps, so a conversation tau2 would cut at 200 (and score 0) may go on here.
# - sampling: tau2 sends temperature 0 and a seed per trial (random.seed(300)) to both sides and no max_tokens;
#   here the agent has the generation below, the user simulator temperature 0 and max_tokens 2048, no seed.
# - a call that names no tool or whose arguments fail its schema is answered by kfm ({"error": ...}) before
#   any tool runs; tau2 answers "Error: Tool '<name>' not found." or calls the Python function anyway (its
#   TypeError reads "Error: ..."), and unparseable arguments or an
#   empty message (no text, no call) make tau2 raise and re-run the simulation.
# - refuel_data's message prints an integer gb_amount as "2.0" (tau2 prints what the JSON said: 2 or 2.0).
# - on the wire (kfm's adapter): tool messages carry the tool's name, a call's arguments go back as the model
#   wrote them (tau2: json.dumps of the parsed arguments), no explicit tool_choice (tau2: "auto", the default).
agentic:
  mode: dual
  environment: environment.mjs
  limits: { turns: 100, tool_calls: 200, seconds: 1800 }
  trials: 1
# Built by scripts/build-tau2-telecom.mjs from policy.md: tau2's agent instructions and the manual policy,
# byte for byte LLMAgent.system_prompt of src/tau2/agent/llm_agent.py at a2c0247 ("|-": no final newline).
prompt:
  system: |-
${blockIndent(agentSystem)}
generation: { temperature: 0, max_tokens: 4096, seed: 1 }
scorer: { id: end-state }
aggregation: { metrics: [accuracy], groups: [subject] }
`,
);
writeFileSync(
  join(out, "domain.json"),
  `${JSON.stringify({
    db: extracted.db,
    user_db: extracted.user_db,
    models: extracted.models,
    agent_tools: extracted.agent_tools,
    user_tools: extracted.user_tools,
    user_guidelines: read("data/user_simulator/simulation_guidelines_tools.md"),
  })}\n`,
);
copyFileSync(join(source, "LICENSE"), join(out, "LICENSE"));
writeFileSync(
  join(out, "SOURCE.txt"),
  `tau2-bench Telecom for kfm, built by scripts/build-tau2-telecom.mjs from the snapshot described below.
Copyright (c) 2025 Sierra Research, MIT licence (LICENSE). Transformations:
  data/tasks.jsonl  <- data/tasks_base114_from_37199f3.json (the 114 tasks of split "base"; split "small" is not a subset):
                       per task the agent's greeting, the agent tools, the user scenario as str(UserScenario),
                       the initialization actions and evaluation criteria unchanged, and the checks to hold.
  domain.json       <- db.toml and user_db.toml (tomllib, dates in ISO form), the tool schemas from the signatures
                       and docstrings of src/tools.py and src/user_tools.py as tau2 offers them (Tool.openai_schema, captured
                       from tau2 a2c0247 in scripts/tau2-telecom-tool-schemas.json), the fields of src/data_model.py's models
                       in declaration order (how a tool's result is serialised), user_simulator/simulation_guidelines_tools.md.
  policy.md         <- "<main_policy>" main_policy.md "<tech_support_policy>" tech_support_manual.md, as environment.py builds it.
  environment.mjs   <- a JavaScript port of src/*.py and the graders of src_shared/evaluator (written for kfm).

--- The snapshot's own SOURCE.txt ---
${read("SOURCE.txt")}`,
);

// Python's str.splitlines(keepends=True) boundaries and str.isspace() characters, for textwrap.indent.
const PYTHON_LINE = /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])?/gu;
const PYTHON_SPACE_ONLY = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;
// textwrap.indent(text, prefix): the prefix goes before every line that is not whitespace only; line ends are kept.
const indent = (text, prefix = "\t") =>
  (text.match(PYTHON_LINE) ?? [])
    .filter((line) => line !== "")
    .map((line) => (PYTHON_SPACE_ONLY.test(line) ? line : prefix + line))
    .join("");
// str(UserScenario) and str(StructuredUserInstructions) of tau2's src/tau2/data_model/tasks.py (a2c0247, unchanged
// since 37199f3): a field is left out only when it is None (an empty string still prints its heading).
function scenarioText(scenario) {
  const instructions = scenario.instructions;
  if (typeof instructions === "string") throw new Error("free-text user instructions: str(instructions) is not ported");
  const lines = [`Domain: ${instructions.domain}`, `Reason for call:\n${indent(instructions.reason_for_call)}`];
  if (instructions.known_info != null) lines.push(`Known info:\n${indent(instructions.known_info)}`);
  if (instructions.unknown_info != null) lines.push(`Unknown info:\n${indent(instructions.unknown_info)}`);
  lines.push(`Task instructions:\n${indent(instructions.task_instructions)}`);
  const text = [];
  if (scenario.persona != null) text.push("Persona:", indent(scenario.persona));
  text.push("Instructions:", indent(lines.join("\n")));
  return text.join("\n");
}

const tasks = JSON.parse(read("data/tasks_base114_from_37199f3.json"));
// The "small" split (20 tasks) is not a subset of "base": none of its ids is among the 114, so it is not shipped.
const base = new Set(JSON.parse(read("data/split_tasks.json")).base);
if (tasks.length !== 114 || !tasks.every((task) => base.has(task.id))) throw new Error("the task file is not the 114 tasks of split base");
const rows = tasks.map((task) => {
  const criteria = task.evaluation_criteria;
  const checks = Object.fromEntries([
    ...criteria.env_assertions.map((assertion, index) => [`assertion ${index + 1}: ${assertion.func_name}`, true]),
    ...(criteria.reward_basis.includes("ACTION") ? criteria.actions.map((action) => [`action ${action.action_id}`, true]) : []),
  ]);
  return {
    id: task.id,
    issue: /^\[(\w+)\]/.exec(task.id)[1],
    persona: /\[PERSONA:(\w+)\]$/.exec(task.id)?.[1] ?? "None",
    // What the task tests (its description's purpose), for readers of a record.
    target: task.description?.purpose ?? "",
    // tau2's orchestrator opens every conversation with the agent's greeting.
    messages: [{ role: "assistant", content: "Hi! How can I help you today?" }],
    tools: extracted.agent_tools,
    user: { scenario: scenarioText(task.user_scenario) },
    state: {
      initialization_actions: task.initial_state.initialization_actions ?? [],
      evaluation_criteria: {
        actions: criteria.actions ?? [],
        env_assertions: criteria.env_assertions ?? [],
        reward_basis: criteria.reward_basis,
      },
    },
    expected: { decision: "call", state: { checks } },
  };
});
writeFileSync(join(out, "data", "tasks.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n") + "\n");

// Every task's reference play must pass as tau2 grades it.
const { createEnvironment, referencePlay } = await import(join(out, "environment.mjs"));
const failed = [];
for (const row of rows) {
  const environment = createEnvironment({ id: row.id, state: row.state });
  referencePlay(environment, row.state.evaluation_criteria.actions);
  const checks = environment.state().checks;
  if (Object.values(checks).some((met) => !met)) failed.push(`${row.id}: ${JSON.stringify(checks)}`);
}
if (failed.length) throw new Error(`reference play fails ${failed.length} task(s):\n${failed.join("\n")}`);
console.log(`wrote ${rows.length} tasks; every reference play passes`);
