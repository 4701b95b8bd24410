# Prints the tau2-bench Telecom tools exactly as tau2 offers them to the models: the "function" part of
# Tool.openai_schema (src/tau2/environment/tool.py: the description from docstring_parser, the parameters
# from pydantic's model_json_schema) for get_environment()'s agent tools and user tools, in their order.
# scripts/build-tau2-telecom.mjs copies them into suites/tau2-telecom/domain.json. Run it where tau2-bench
# imports (its own dependencies installed), at the commit the suite names:
#
#   PYTHONPATH=<tau2-bench>/src TAU2_DATA_DIR=<tau2-bench>/data \
#     python3 scripts/capture-tau2-tool-schemas.py <commit> > scripts/tau2-telecom-tool-schemas.json
import json
import sys

from tau2.domains.telecom.environment import get_environment

environment = get_environment()
print(
    json.dumps(
        {
            "source": f"sierra-research/tau2-bench {sys.argv[1]}: Tool.openai_schema['function'] of "
            "tau2.domains.telecom.environment.get_environment().get_tools() and .get_user_tools(), "
            "written by scripts/capture-tau2-tool-schemas.py",
            "agent_tools": [tool.openai_schema["function"] for tool in environment.get_tools()],
            "user_tools": [tool.openai_schema["function"] for tool in environment.get_user_tools()],
        },
        indent=1,
    )
)
