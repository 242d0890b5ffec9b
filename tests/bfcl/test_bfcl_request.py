"""Requests: function docs -> OpenAI tools (both hint modes), prompting system prompts, messages.

The conversion was also compared with bfcl-eval 2026.3.23's own convert_to_tool and
_func_doc_language_specific_pre_processing on every single-turn item of both file sets (identical).
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache

import pytest

from evals.bfcl.data import BfclItem, load_category
from evals.bfcl.options import BfclOptions
from evals.bfcl.prompting import system_prompt
from evals.bfcl.request import build_messages_and_tools, tools_for
from tests.bfcl.conftest import bfcl_dir

PY_HINT = " Note that the provided function is in Python 3 syntax."

# verbatim from bfcl-eval: 2026.3.23 formulate_system_prompt(DEFAULT_SYSTEM_PROMPT_FORMAT) and
# 2025.8.6.2 DEFAULT_SYSTEM_PROMPT ({functions} filled in by the test)
V4_PROMPT = "You are an expert in composing functions.You are given a question and a set of possible functions. Based on the question, you will need to make one or more function/tool calls to achieve the purpose. If none of the functions can be used, point it out. If the given question lacks the parameters required by the function, also point it out.\n\nYou should only return the function calls in your response.\n\nIf you decide to invoke any of the function(s), you MUST put it in the format of [func_name1(params_name1=params_value1, params_name2=params_value2...), func_name2(params)].  You SHOULD NOT include any other text in the response.\n\nAt each turn, you should try your best to complete the tasks requested by the user within the current turn. Continue to output functions to call until you have fulfilled the user's request to the best of your ability. Once you have no more functions to call, the system will consider the current turn complete and proceed to the next turn or task.\n\nHere is a list of functions in json format that you can invoke.\n{functions}\n"
V3_PROMPT = "You are an expert in composing functions. You are given a question and a set of possible functions. Based on the question, you will need to make one or more function/tool calls to achieve the purpose.\nIf none of the functions can be used, point it out. If the given question lacks the parameters required by the function, also point it out.\nYou should only return the function calls in your response.\n\nIf you decide to invoke any of the function(s), you MUST put it in the format of [func_name1(params_name1=params_value1, params_name2=params_value2...), func_name2(params)]\nYou SHOULD NOT include any other text in the response.\n\nAt each turn, you should try your best to complete the tasks requested by the user within the current turn. Continue to output functions to call until you have fulfilled the user's request to the best of your ability. Once you have no more functions to call, the system will consider the current turn complete and proceed to the next turn or task.\n\nHere is a list of functions in JSON format that you can invoke.\n{functions}\n\n"


@lru_cache(maxsize=None)
def _category(name: str) -> dict[str, BfclItem]:
    return {it.id: it for it in load_category(bfcl_dir("v4"), name, "v4")}


def item(item_id: str) -> BfclItem:
    return _category(item_id.rsplit("_", 1)[0])[item_id]


def _fn(tools, i=0):
    return tools[i]["function"]


def test_python_tool_conversion() -> None:
    it = item("simple_python_1")
    original = copy.deepcopy(it.functions)
    tools = tools_for(it.functions, it.category)
    assert tools[0]["type"] == "function"
    fn = _fn(tools)
    assert fn["name"] == "math_factorial"
    assert fn["description"].endswith(PY_HINT)
    assert fn["parameters"]["type"] == "object"
    assert fn["parameters"]["properties"]["number"]["type"] == "integer"
    assert it.functions == original  # the checker keeps the original docs


def test_float_gets_number_format_and_note() -> None:
    fn = _fn(tools_for(item("simple_python_14").functions, "simple_python"))
    x = fn["parameters"]["properties"]["x_value"]
    assert x["type"] == "number" and x["format"] == "float"
    assert x["description"].endswith(" This is a float type value.")


def test_nested_dict_properties_are_cast() -> None:
    fn = _fn(tools_for(item("simple_python_89").functions, "simple_python"))
    cond = fn["parameters"]["properties"]["conditions"]
    assert cond["type"] == "object"
    assert cond["properties"]["department"]["type"] == "string"


def test_java_bfcl_eval_hint_types_everything_as_string() -> None:
    fn = _fn(tools_for(item("simple_java_27").functions, "simple_java", "bfcl_eval"))
    assert fn["name"] == "TwoSum_twoSum"
    assert fn["description"].endswith(" Note that the provided function is in Java 8 SDK syntax.")
    nums = fn["parameters"]["properties"]["nums"]
    assert nums["type"] == "string" and "items" not in nums
    assert nums["description"].endswith(
        " This is Java Array type parameter in string representation. The list elements are of type integer; they are not in string representation."
    )
    target = fn["parameters"]["properties"]["target"]
    assert target["description"].endswith(" This is Java integer type parameter in string representation.")


def test_java_nemo_skills_hint_keeps_native_types() -> None:
    """NeMo-Skills 7205c43 compares the category name with == "java"; v4 names never match."""
    fn = _fn(tools_for(item("simple_java_27").functions, "simple_java", "nemo_skills"))
    assert fn["description"].endswith(PY_HINT)
    nums = fn["parameters"]["properties"]["nums"]
    assert nums["type"] == "array" and nums["items"]["type"] == "integer"
    assert fn["parameters"]["properties"]["target"]["type"] == "integer"


def test_javascript_bfcl_eval_hint() -> None:
    for it in _category("simple_javascript").values():
        props = it.functions[0]["parameters"]["properties"]
        dicts = [k for k, v in props.items() if v["type"] == "dict" and "properties" in v]
        if dicts:
            break
    else:
        pytest.fail("no JavaScript dict parameter with properties in the data")
    fn = _fn(tools_for(it.functions, "simple_javascript", "bfcl_eval"))
    assert fn["description"].endswith(" Note that the provided function is in JavaScript syntax.")
    value = fn["parameters"]["properties"][dicts[0]]
    assert value["type"] == "string" and "properties" not in value
    assert " The dictionary entries have the following schema; they are not in string representation. {" in value["description"]


def test_fc_request_is_the_first_turn_with_tools() -> None:
    it = next(iter(_category("live_simple").values()))
    messages, tools = build_messages_and_tools(it, BfclOptions())
    assert messages == it.question[0]
    assert tools == tools_for(it.functions, "live_simple")


def test_v4_prompt_text() -> None:
    docs = item("simple_python_0").functions
    assert system_prompt(docs, "v4") == V4_PROMPT.replace("{functions}", json.dumps(docs, indent=4))


def test_v3_prompt_text() -> None:
    docs = item("simple_python_0").functions
    assert system_prompt(docs, "v3") == V3_PROMPT.replace("{functions}", str(docs))


def test_prompting_request_inserts_or_prepends_the_system_prompt() -> None:
    opts = BfclOptions(mode="prompting")
    it = item("simple_python_0")
    messages, tools = build_messages_and_tools(it, opts)
    assert tools is None
    hinted = copy.deepcopy(it.functions)
    hinted[0]["description"] += PY_HINT
    assert messages[0] == {"role": "system", "content": system_prompt(hinted, "v4")}
    assert messages[1:] == it.question[0]
    with_system = next(i for i in _category("live_simple").values() if i.question[0][0]["role"] == "system")
    messages, _ = build_messages_and_tools(with_system, opts)
    assert messages[0]["role"] == "system"
    assert messages[0]["content"].endswith("\n\n" + with_system.question[0][0]["content"])
    assert len(messages) == len(with_system.question[0])


def test_bad_options_name_the_key() -> None:
    with pytest.raises(ValueError, match="hint_mode"):
        BfclOptions(hint_mode="python")
    with pytest.raises(ValueError, match="categories"):
        BfclOptions(categories=["simple"])
