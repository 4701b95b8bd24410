import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AgenticTask, DualControlEnvironment } from "../src/spec/agentic.js";
import { executeToolCall } from "../src/runner/tool-arguments.js";
import { loadSuite } from "../src/suite/index.js";

// The two system prompts of a tau2-bench Telecom conversation, written out here from the official
// code (sierra-research/tau2-bench at a2c0247, MIT, Copyright (c) 2025 Sierra Research) rather than
// read from the suite, so that a change to the suite's builder that drifts from tau2 fails here.

/** str.format with keyword arguments, for templates without braces of their own. */
const pythonFormat = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);

// src/tau2/agent/llm_agent.py: AGENT_INSTRUCTION and SYSTEM_PROMPT, both """...""".strip().
const AGENT_INSTRUCTION = `You are a customer service agent that helps the user according to the <policy> provided below.
In each turn you can either:
- Send a message to the user.
- Make a tool call.
You cannot do both at the same time.

Try to be helpful and always follow the policy. Always make sure you generate valid JSON only.`;
const AGENT_SYSTEM_PROMPT = `<instructions>
{agent_instruction}
</instructions>
<policy>
{domain_policy}
</policy>`;

// src/tau2/user/user_simulator.py: SYSTEM_PROMPT ("""...""".strip()), and
// data/tau2/user_simulator/simulation_guidelines_tools.md as the file holds it (the telecom user has
// tools; note the space ending the third line and the final newline).
const USER_SYSTEM_PROMPT = `{global_user_sim_guidelines_with_persona}

<scenario>
{instructions}
</scenario>`;
const GUIDELINES_TOOLS = `# User Simulation Guidelines

You are playing the role of a customer contacting a customer service representative agent. 
Your goal is to simulate realistic customer interactions while following specific scenario instructions.
You have some tools to perform the actions on your end that might be requested by the agent to diagnose and resolve your issue.

## Core Principles
- Generate one message at a time, maintaining natural conversation flow.
- At each turn you can either:
    - Send a message to the agent.
    - Make a tool call to perform an action requested by the agent.
    - You cannot do both at the same time.
- Strictly follow the scenario instructions you have received.
- Never make up or hallucinate information not provided in the scenario instructions. Information that is not provided in the scenario instructions should be considered unknown or unavailable.
- Never make up the results of tool calls that the agent has requested, you must ground your responses based on the results of tool calls if the agent has requested.
- If you made an error in a tool call and get an error message, fix the error and try again.
- All the information you provide to the agent must be grounded in the information provided in the scenario instructions or the results of tool calls.
- Avoid repeating the exact instructions verbatim. Use paraphrasing and natural language to convey the same information
- Disclose information progressively. Wait for the agent to ask for specific information before providing it.
- Only call a tool if the agent has requested it or if it is necessary to answer a question the agent has asked. Ask clarifying questions if you do not know what action to take.
- If the agent asks multiple actions to perform, state that you cannot perform multiple actions at once, and ask the agent to instruct you one action at a time.
- Your messages when performing tool calls will not be displayed to the agent, only the messages without tool calls will be displayed to the agent.

## Task Completion
- The goal is to continue the conversation until the task is complete.
- If the instruction goal is satisified, generate the '###STOP###' token to end the conversation.
- If you have been transferred to another agent, generate the '###TRANSFER###' token to indicate the transfer. Only do this after the agent has clearly indicated that you are being transferred.
- If you find yourself in a situation in which the scenario does not provide enough information for you to continue the conversation, generate the '###OUT-OF-SCOPE###' token to end the conversation.
Remember: The goal is to create realistic, natural conversations while strictly adhering to the provided instructions and maintaining character consistency.
`;

// One task, its user_scenario as tasks.json holds it: a persona that opens with a newline and has
// blank lines, no unknown_info (None), task instructions with trailing spaces and a final newline.
const TASK_ID = "[service_issue]contract_end_suspension|unseat_sim_card[PERSONA:Hard]";
const PERSONA =
  '\nAt 64 years old, you\'re a retired librarian who keeps your phone use simple - mainly for calls, texts, and capturing photos of your grandchildren. Technology in general makes you feel uneasy and overwhelmed.\n\nYour technical knowledge is quite limited. Step-by-step instructions often confuse you, and technical terms like "VPN" or "APN" might as well be a foreign language. You only share information when specifically asked.\n\nWhen dealing with technology, you tend to get flustered quickly. You need constant reassurance and often interrupt with anxious questions. Simple requests like "reboot the phone" can trigger worries about losing precious photos.\n';
const TASK_INSTRUCTIONS = [
  "If the agent suggests actions that don't immediately fix the issue, follow their guidance but express mild frustration after the first unsuccessful attempt. You will consider the issue resolved when the status bar shows that you have signal. Always check the status bar if the agent asks you for status information. If the agent asks you to pay a bill, you accept. If the tool call does not return updated status information, you might need to perform another tool call to get the updated status. ",
  "Whenever the agent asks you about your device, always ground your responses on the results of tool calls. ",
  "For example: If the agent asks what the status bar shows, always ground your response on the results of the `get_status_bar` tool call. If the agent asks if you are able to send an MMS message, always ground your response on the results of the `can_send_mms` tool call.",
  "Never make up the results of tool calls, always ground your responses on the results of tool calls.",
  "If you are unsure about whether an action is necessary, always ask the agent for clarification.",
];

// str(UserScenario) of src/tau2/data_model/tasks.py applied by hand: "Persona:", the persona through
// textwrap.indent (a tab before each line that is not blank, so its blank lines stay empty and its
// final newline stays), "Instructions:", then str(StructuredUserInstructions) indented once more.
const SCENARIO = [
  "Persona:",
  "",
  "\tAt 64 years old, you're a retired librarian who keeps your phone use simple - mainly for calls, texts, and capturing photos of your grandchildren. Technology in general makes you feel uneasy and overwhelmed.",
  "",
  '\tYour technical knowledge is quite limited. Step-by-step instructions often confuse you, and technical terms like "VPN" or "APN" might as well be a foreign language. You only share information when specifically asked.',
  "",
  '\tWhen dealing with technology, you tend to get flustered quickly. You need constant reassurance and often interrupt with anxious questions. Simple requests like "reboot the phone" can trigger worries about losing precious photos.',
  "",
  "Instructions:",
  "\tDomain: telecom",
  "\tReason for call:",
  "\t\tYour phone has been showing 'No Service' for the past few hours.",
  "\tKnown info:",
  "\t\tYou are John Smith with phone number 555-123-2002.",
  "\tTask instructions:",
  ...TASK_INSTRUCTIONS.map((line) => `\t\t${line}`),
  "",
].join("\n");

interface Tau2Module {
  createEnvironment(task: Partial<AgenticTask> & { id: string }): DualControlEnvironment;
}
const moduleUrl = new URL("../suites/tau2-telecom/environment.mjs", import.meta.url).href;
const { createEnvironment } = (await import(moduleUrl)) as Tau2Module;
const suite = await loadSuite("tau2-telecom");
const item = suite.items.find((candidate) => candidate.task?.id === TASK_ID)!;

describe("tau2-bench Telecom prompts, byte for byte as tau2 words them", () => {
  it("the agent gets LLMAgent.system_prompt with the telecom policy of get_environment(), then tau2's greeting", () => {
    // get_environment(policy_type="manual"): main_policy.md and tech_support_manual.md in their tags.
    const policy = readFileSync(new URL("../suites/tau2-telecom/policy.md", import.meta.url), "utf8");
    expect(policy.startsWith("<main_policy>\n# Telecom Agent Policy\n")).toBe(true);
    expect(policy).toContain("\n</main_policy>\n<tech_support_policy>\n# Introduction\n");
    expect(policy.endsWith("\n</tech_support_policy>")).toBe(true);
    const expected = pythonFormat(AGENT_SYSTEM_PROMPT, { agent_instruction: AGENT_INSTRUCTION, domain_policy: policy });
    const { messages } = suite.render(item);
    // orchestrator.py DEFAULT_FIRST_AGENT_MESSAGE opens the agent's history; the user speaks next.
    expect(messages).toEqual([
      { role: "system", content: expected },
      { role: "assistant", content: "Hi! How can I help you today?" },
    ]);
  });

  it("the simulated user gets UserSimulator.system_prompt: the tools guidelines and str(task.user_scenario)", () => {
    expect(item.task!.user!.scenario).toBe(SCENARIO);
    const expected = pythonFormat(USER_SYSTEM_PROMPT, {
      global_user_sim_guidelines_with_persona: GUIDELINES_TOOLS,
      instructions: SCENARIO,
    });
    expect(createEnvironment(item.task!).user.system).toBe(expected);
    // The guidelines end with a newline, the template adds a blank line: three newlines before <scenario>.
    expect(expected).toContain("character consistency.\n\n\n<scenario>\nPersona:\n\n\tAt 64");
    expect(expected.endsWith("for clarification.\n\n</scenario>")).toBe(true);
  });

  it("the tools are offered as Tool.openai_schema words them: docstring paragraphs apart, pydantic's titles, no empty required", () => {
    const agentTool = item.task!.tools.find((tool) => tool.name === "get_customer_by_name");
    expect(agentTool).toEqual({
      name: "get_customer_by_name",
      description: "Searches for customers by name and DOB. May return multiple matches if names are similar,\n\nDOB helps disambiguate.",
      parameters: {
        properties: {
          full_name: { description: "The full name of the customer.", title: "Full Name", type: "string" },
          dob: { description: "Date of birth for verification, in the format YYYY-MM-DD.", title: "Dob", type: "string" },
        },
        required: ["full_name", "dob"],
        title: "parameters",
        type: "object",
      },
    });
    const userTool = createEnvironment(item.task!).user.tools.find((tool) => tool.name === "toggle_data");
    expect(userTool).toEqual({
      name: "toggle_data",
      description:
        "Toggles your phone's mobile data connection ON or OFF. Controls whether your phone can use cellular data for internet access when Wi-Fi is unavailable.\n\nReturns the new data connection status.",
      parameters: { properties: {}, title: "parameters", type: "object" },
    });
  });

  it("a tool's result reads as Environment.get_response words it: to_json_str of the result, or Error: and the message", async () => {
    // The domain's databases as shipped, before any task's initialization actions.
    const environment = createEnvironment({ id: "no initialization" });
    const run = (name: string, args: Record<string, unknown>) =>
      executeToolCall({ id: "1", name, arguments: JSON.stringify(args) }, item.task!.tools, (tool, checked) =>
        environment.call(tool, checked),
      );
    // json.dumps(customer.model_dump(), default=str): declaration order, ", " and ": ", floats as 25.0, str(datetime).
    expect(await run("get_customer_by_id", { customer_id: "C1001" })).toEqual({
      content:
        '{"customer_id": "C1001", "full_name": "John Smith", "date_of_birth": "1985-06-15", "email": "john.smith@example.com", "phone_number": "555-123-2002", "address": {"street": "123 Main St", "city": "Anytown", "state": "CA", "zip_code": "90210"}, "account_status": "Active", "payment_methods": [{"method_type": "Credit Card", "account_number_last_4": "1235", "expiration_date": "12/2026"}], "line_ids": ["L1001", "L1002", "L1003"], "bill_ids": ["B1001", "B1002", "B1003"], "created_at": "2025-01-15 10:30:00", "last_extension_date": null, "goodwill_credit_used_this_year": 25.0}',
    });
    expect((await run("get_details_by_id", { id: "D1002" })).content).toBe(
      '{"device_id": "D1002", "device_type": "phone", "model": "Smartphone Pro Max", "imei": "234567890123456", "is_esim_capable": true, "activated": true, "activation_date": "2025-02-15 11:45:00", "last_esim_transfer_date": "2025-01-20 09:30:00"}',
    );
    // A dict's own floats go through _process: str(float).
    expect((await run("get_data_usage", { customer_id: "C1001", line_id: "L1002" })).content).toBe(
      '{"line_id": "L1002", "data_used_gb": "8.7", "data_limit_gb": "15.0", "data_refueling_gb": "0.0", "cycle_end_date": "2025-02-28"}',
    );
    expect(await run("get_customer_by_phone", { phone_number: "000-000-0000" })).toEqual({
      content: "Error: Customer with phone number 000-000-0000 not found",
      failure: "tool-error",
    });
  });

  it("every task's scenario keeps blank lines unindented and prints no heading for a field that is None", () => {
    for (const candidate of suite.items) {
      const scenario = candidate.task!.user!.scenario;
      expect(scenario).not.toMatch(/\n\t+\n|\n\t+$/);
      expect(scenario).not.toContain("Unknown info:");
      expect(scenario.startsWith(candidate.task!.id.includes("[PERSONA:None]") ? "Instructions:\n\tDomain: telecom\n" : "Persona:\n")).toBe(
        true,
      );
    }
  });
});
