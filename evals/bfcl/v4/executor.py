"""Running the model's tool calls on a tool object and turning the results into tool messages.

Same outcomes as the reference's `execute_multi_turn_func_call` (which `eval`s `name(k=repr(v))`
strings built from the calls): public methods only (anything else is "name '...' is not defined"),
the same deny-list of names, dict results as JSON, other non-strings as `str()`, and any exception
as "Error during execution: <message>". Arguments are passed as keyword arguments directly instead
of through `eval`, with the same values (JSON values round-trip through repr/eval unchanged).
"""

from __future__ import annotations

import inspect
import json
from typing import Any

DENIED = frozenset({"kill", "exit", "quit", "remove", "unlink", "popen", "Popen", "run"})


def public_methods(instance: Any) -> dict[str, Any]:
    return {
        name: method
        for name, method in inspect.getmembers(instance, predicate=inspect.ismethod)
        if not name.startswith("_")
    }


def render_result(result: Any) -> str:
    if type(result) is str:
        return result
    if type(result) is dict:
        try:
            return json.dumps(result)
        except (TypeError, ValueError):
            return str(result)
    return str(result)


def execute_call(instance: Any, name: str, arguments: dict[str, Any]) -> str:
    try:
        if name.split(".")[-1] in DENIED:
            raise Exception(f"Function call {name.split('.')[-1]} is not allowed.")
        methods = public_methods(instance)
        if name not in methods:
            raise NameError(f"name '{name}' is not defined")
        return render_result(methods[name](**arguments))
    except Exception as exc:  # noqa: BLE001 - reported to the model as the reference does
        return f"Error during execution: {exc}"


def execute_step(instance: Any, step: list[dict[str, Any]]) -> list[str]:
    """Execute every call of a decoded step (`[{name: arguments_json_or_dict}, ...]`) in order."""
    results = []
    for call in step:
        for name, arguments in call.items():
            if type(arguments) is str:
                arguments = json.loads(arguments)
            results.append(execute_call(instance, name, arguments))
    return results
