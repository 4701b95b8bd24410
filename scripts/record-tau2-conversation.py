# Records what tau2-bench's own orchestrator sends to the two models in one Telecom conversation, with the
# models replaced by scripted replies, so that tests/tau2-telecom-conversation.test.ts can check kfm's dual-control
# loop request by request. tau2's LLMAgent, UserSimulator, Orchestrator (max_steps 200, max_errors 10, seed 300)
# and telecom environment run as they are; only llm_utils.generate is replaced: it records
# to_litellm_messages(messages) and the tools' openai_schema, and answers with the next scripted reply. Run it
# where tau2-bench imports, at the commit the suite names (litellm is imported by tau2 but never called):
#
#   PYTHONPATH=<tau2-bench>/src TAU2_DATA_DIR=<tau2-bench>/data python3 scripts/record-tau2-conversation.py \
#     <commit> <tasks.json> tests/fixtures/tau2-telecom/conversation.json
import json
import sys

import tau2.agent.llm_agent as llm_agent
import tau2.user.user_simulator as user_simulator
from tau2.agent.llm_agent import LLMAgent
from tau2.data_model.message import AssistantMessage, ToolCall
from tau2.data_model.tasks import Task
from tau2.domains.telecom.environment import get_environment
from tau2.orchestrator.orchestrator import Orchestrator
from tau2.user.user_simulator import UserSimulator
from tau2.utils.llm_utils import to_litellm_messages

commit, tasks_path, out_path = sys.argv[1:4]
TASK_ID = "[service_issue]contract_end_suspension|unseat_sim_card[PERSONA:Hard]"
# Each side's replies in order: text, one call, two calls at once (one of them failing), the user's own call, a stop.
SCRIPT = {
    "agent": [
        {"content": "Could you give me your phone number?"},
        {"tool_calls": [{"id": "call_a1", "name": "get_customer_by_phone", "arguments": {"phone_number": "555-123-2002"}}]},
        {
            "tool_calls": [
                {"id": "call_a2", "name": "get_details_by_id", "arguments": {"id": "L1002"}},
                {"id": "call_a3", "name": "get_customer_by_phone", "arguments": {"phone_number": "000"}},
            ]
        },
        {"content": "Please check your status bar."},
        {"content": "Thanks, caf\u00e9 closed."},
    ],
    "user": [
        {"content": "My phone shows no service."},
        {"content": "It's 555-123-2002."},
        {"tool_calls": [{"id": "call_u1", "name": "check_status_bar", "arguments": {}}]},
        {"content": "It shows no signal."},
        {"content": "###STOP###"},
    ],
}

tasks = json.load(open(tasks_path))
task = Task.model_validate(next(t for t in tasks if t["id"] == TASK_ID))
environment = get_environment()
agent = LLMAgent(tools=environment.get_tools(), domain_policy=environment.get_policy(), llm="agent", llm_args={"temperature": 0.0})
user = UserSimulator(
    tools=environment.get_user_tools(include=task.user_tools) or None,
    instructions=str(task.user_scenario),
    llm="user",
    llm_args={"temperature": 0.0},
)
requests = []


def scripted(side):
    replies = iter(SCRIPT[side])

    def generate(model, messages, tools=None, call_name=None, **kwargs):
        wire = []
        for message in to_litellm_messages(messages):
            message = {key: value for key, value in message.items() if value is not None}
            # litellm's extra "name" beside "function" in a tool call is not part of the OpenAI request.
            if "tool_calls" in message:
                message["tool_calls"] = [{k: v for k, v in call.items() if k != "name"} for call in message["tool_calls"]]
            wire.append(message)
        requests.append({"side": side, "messages": wire, "tools": [tool.openai_schema for tool in tools or []], "llm_args": kwargs})
        reply = next(replies)
        calls = [ToolCall(**call) for call in reply.get("tool_calls", [])] or None
        return AssistantMessage(role="assistant", content=reply.get("content"), tool_calls=calls)

    return generate


llm_agent.generate = scripted("agent")
user_simulator.generate = scripted("user")
orchestrator = Orchestrator(
    domain="telecom", agent=agent, user=user, environment=environment, task=task, max_steps=200, max_errors=10, seed=300
)
try:
    orchestrator.run()
except Exception as error:  # _finalize's cost accounting may not survive scripted replies; the requests are recorded
    print(f"after the conversation: {type(error).__name__}: {error}", file=sys.stderr)
# Each side's system prompt and tools once; the requests without them.
system = {}
tools = {}
for request in requests:
    system.setdefault(request["side"], request["messages"][0]["content"])
    tools.setdefault(request["side"], request["tools"])
    assert request["messages"][0] == {"role": "system", "content": system[request["side"]]}
    assert request["tools"] == tools[request["side"]]
json.dump(
    {
        "source": f"sierra-research/tau2-bench {commit}, recorded by scripts/record-tau2-conversation.py",
        "task": TASK_ID,
        "termination_reason": orchestrator.termination_reason.value,
        "script": SCRIPT,
        "system": system,
        "tools": tools,
        "requests": [
            {"side": request["side"], "llm_args": request["llm_args"], "messages": request["messages"][1:]} for request in requests
        ],
    },
    open(out_path, "w"),
    indent=1,
    ensure_ascii=False,
)
print(f"{len(requests)} requests, {orchestrator.termination_reason.value}")
