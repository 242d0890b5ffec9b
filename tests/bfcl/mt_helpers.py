"""Helpers for the BFCL multi-turn tests: data location, ground truth as tool calls, a scripted model."""

from __future__ import annotations

import ast
import inspect
import json
import os
from pathlib import Path
from typing import Any

import pytest

from evals.bfcl.multi_turn.apis import get_api_class, missing_backends
from evals.bfcl.multi_turn.data import CATEGORIES, MultiTurnItem, load_category
from fixtures.responses import Generation

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data() -> Path:
    """EVALS_SHARED_DATA, else ../shared/data beside the repo (or beside its worktree folder)."""
    if os.environ.get("EVALS_SHARED_DATA"):
        return Path(os.environ["EVALS_SHARED_DATA"])
    for candidate in (REPO_ROOT / ".." / "shared" / "data", REPO_ROOT / ".." / ".." / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return REPO_ROOT / ".." / "shared" / "data"


def bfcl_dir(version: str = "v4") -> Path:
    path = shared_data() / "bfcl" / version
    if not (path / "multi_turn_func_doc").is_dir():
        pytest.skip(f"needs ../shared/data/bfcl/{version} (BFCL data with multi_turn_func_doc/)")
    return path


_CACHE: dict[tuple[str, str], list[MultiTurnItem]] = {}


def items(category: str, version: str = "v4") -> list[MultiTurnItem]:
    key = (category, version)
    if key not in _CACHE:
        _CACHE[key] = load_category(bfcl_dir(version), category)
    return _CACHE[key]


def all_items(version: str = "v4") -> list[MultiTurnItem]:
    return [item for category in CATEGORIES for item in items(category, version)]


def item_by_id(entry_id: str) -> MultiTurnItem:
    category = entry_id.rsplit("_", 1)[0]
    for item in items(category):
        if item.id == entry_id:
            return item
    raise KeyError(entry_id)


def skip_if_backends_missing(item: MultiTurnItem) -> None:
    missing = missing_backends(item.involved_classes)
    if missing:
        pytest.skip(f"{item.id} needs backend module(s) not present yet: {', '.join(missing)}")


def _parameter_names(function_name: str, classes: list[str]) -> list[str]:
    for class_name in reversed(classes):  # later classes win, as in the executor
        method = getattr(get_api_class(class_name), function_name, None)
        if method is not None:
            return [p for p in inspect.signature(method).parameters if p != "self"]
    raise KeyError(f"no backend among {classes} has {function_name}")


def call_to_tool_call(call: str, call_id: str, classes: list[str] | None = None) -> dict[str, Any]:
    """'cd(folder="x")' -> an OpenAI tool call with JSON arguments (positional literals named
    after the backend method's parameters, as a model's tool call would name them)."""
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name), call
    arguments = {}
    if node.args:
        names = _parameter_names(node.func.id, classes or [])
        arguments.update({names[i]: ast.literal_eval(a) for i, a in enumerate(node.args)})
    arguments.update({kw.arg: ast.literal_eval(kw.value) for kw in node.keywords})
    return {"id": call_id, "type": "function", "function": {"name": node.func.id, "arguments": json.dumps(arguments)}}


def tool_generation(calls: list[str], prefix: str = "call", classes: list[str] | None = None) -> Generation:
    tool_calls = [call_to_tool_call(c, f"{prefix}_{i}", classes) for i, c in enumerate(calls)]
    message = {"role": "assistant", "content": None, "tool_calls": tool_calls}
    return Generation(content="", tool_calls=tool_calls, finish_reason="tool_calls",
                      raw={"choices": [{"message": message, "finish_reason": "tool_calls"}]})


def text_generation(text: str = "Done.") -> Generation:
    message = {"role": "assistant", "content": text}
    return Generation(content=text, finish_reason="stop", raw={"choices": [{"message": message, "finish_reason": "stop"}]})


class ScriptedModel:
    """A fake `ctx.model`: answers each chat() with the next scripted Generation and records requests."""

    def __init__(self, script: list[Generation]) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []

    async def chat(self, messages, tools=None, tool_choice=None):
        self.requests.append({"messages": json.loads(json.dumps(messages)), "tools": tools})
        if not self.script:
            raise AssertionError("the model was asked more often than scripted")
        return self.script.pop(0)


class Ctx:
    def __init__(self, model: ScriptedModel) -> None:
        self.model = model
        self.judge = None
        self.repeat = 0
        self.options = None


def ground_truth_script(turns: list[list[str]], classes: list[str]) -> list[Generation]:
    """The ground truth played as the model: per turn its calls in one response (if any), then a text answer."""
    script = []
    for index, calls in enumerate(turns):
        if calls:
            script.append(tool_generation(calls, prefix=f"t{index}", classes=classes))
        script.append(text_generation())
    return script
