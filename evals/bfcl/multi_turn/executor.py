"""Decode a model's tool calls to call strings and execute them against one case's backends.

The reference (bfcl_eval `multi_turn_utils.execute_multi_turn_func_call`, copied into NeMo-Skills'
`bfcl_utils.py`) turns each call into a string `name(k=repr(v),...)`, prefixes every known method
name followed by "(" with a per-case instance name (a regex over the whole string, string
literals included), refuses a few names and `eval`s the string. Here the same string is built and
rewritten the same way, then parsed with `ast` and evaluated by a small interpreter that only knows
literals and calls of the case's public API methods: model text is never executed as Python.

Results are strings as in the reference: a str as is, a dict as `json.dumps` (or `str()` if that
fails), anything else `str()`; any exception becomes "Error during execution: <message>".
"""

from __future__ import annotations

import ast
import copy
import inspect
import json
import re
from typing import Any, Iterable

from .apis import STATELESS_CLASSES, get_api_class

# Names the reference refuses to execute.
FORBIDDEN_CALLS = frozenset({"kill", "exit", "quit", "remove", "unlink", "popen", "Popen", "run"})

# Instance-name prefixes of the reference: NeMo-Skills' generation loop uses "sample_model"; the
# evaluator (`bfcl evaluate --model o4-mini-2025-04-16-FC`) appends "_eval" to the model name for the
# model's calls and "_ground_truth_eval" for the ground truth. They only show where a string argument
# contains "<method>(", which the reference's regex rewrites too.
GENERATION_PREFIX = "sample_model"
EVAL_MODEL_NAME = "o4-mini-2025-04-16-FC"
MODEL_EVAL_PREFIX = f"{EVAL_MODEL_NAME}_eval"
GROUND_TRUTH_EVAL_PREFIX = f"{EVAL_MODEL_NAME}_ground_truth_eval"

_METHOD_CALL = re.compile(r"\b([a-zA-Z_]\w*)\s*(?=\()")


class CallDecodeError(ValueError):
    """A step's tool calls cannot be turned into call strings (the reference skips such a step)."""


def calls_to_strings(calls: Any) -> list[str]:
    """The reference's `convert_to_function_call`: [{name: arguments}] -> ["name(k=repr(v),...)"].

    `arguments` is a JSON string (decoded with json.loads) or a dict. Anything else (text, bad
    JSON, a non-object) raises, which callers treat as "no function call in this step".
    """
    if isinstance(calls, dict):
        calls = [calls]
    if not isinstance(calls, list):
        raise CallDecodeError(f"expected a list of {{name: arguments}}, got {type(calls).__name__}")
    out: list[str] = []
    try:
        for call in calls:
            for name, arguments in call.items():
                if isinstance(arguments, str):
                    arguments = json.loads(arguments)
                out.append(f"{name}({','.join(f'{k}={v!r}' for k, v in arguments.items())})")
    except (AttributeError, TypeError, ValueError) as exc:
        raise CallDecodeError(str(exc)) from exc
    return out


def tool_calls_to_pairs(tool_calls: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """OpenAI `message.tool_calls` -> [{name: arguments_json}] as NeMo-Skills' server-side parser keeps them."""
    return [{tc["function"]["name"]: tc["function"]["arguments"]} for tc in (tool_calls or [])]


def is_empty_execute_response(steps: list) -> bool:
    """The reference's test for 'no calls': no steps, or a single empty step."""
    return len(steps) == 0 or (len(steps) == 1 and len(steps[0]) == 0)


def instance_name(prefix: str, entry_id: str, class_name: str) -> str:
    return re.sub(r"[-./:]", "_", f"{prefix}_{entry_id}_{class_name}_instance")


def result_to_string(value: Any) -> str:
    if type(value) is str:
        return value
    if type(value) is dict:
        try:
            return json.dumps(value)
        except Exception:
            return str(value)
    return str(value)


class _Unsupported(Exception):
    """An expression the safe interpreter refuses (the reference would eval it as Python)."""


class CaseBackends:
    """The backend instances of one case, created from its initial_config, and their call executor."""

    def __init__(
        self,
        entry_id: str,
        involved_classes: list[str],
        initial_config: dict[str, Any],
        long_context: bool,
        prefix: str,
    ) -> None:
        self.instances: dict[str, Any] = {}
        self._by_name: dict[str, Any] = {}
        self._method_owner: dict[str, str] = {}
        for class_name in involved_classes:
            instance = get_api_class(class_name)()
            if class_name not in STATELESS_CLASSES:
                scenario = copy.deepcopy(initial_config.get(class_name, {}))
                instance._load_scenario(scenario, long_context=long_context)
            name = instance_name(prefix, entry_id, class_name)
            self.instances[class_name] = instance
            self._by_name[name] = instance
            for method_name, _ in inspect.getmembers(instance, predicate=inspect.ismethod):
                if not method_name.startswith("_"):
                    self._method_owner[method_name] = name  # later classes win, as in the reference

    def execute(self, calls: list[str]) -> list[str]:
        """Execute call strings in order; one result string per call."""
        return [self._execute_one(call) for call in calls]

    def _execute_one(self, call: str) -> str:
        rewritten = _METHOD_CALL.sub(
            lambda m: f"{self._method_owner[m.group(1)]}.{m.group(1)}" if m.group(1) in self._method_owner else m.group(1),
            call,
        )
        try:
            head = rewritten.split("(")[0] if "(" in rewritten else rewritten
            if "." in head:
                head = head.split(".")[1]
            if head in FORBIDDEN_CALLS:
                raise Exception(f"Function call {head} is not allowed.")
            tree = ast.parse(rewritten, filename="<string>", mode="eval")
            return result_to_string(self._eval(tree.body))
        except _Unsupported as exc:
            return f"Error during execution: unsupported expression in call ({exc})"
        except Exception as exc:  # noqa: BLE001 - every failure is a result string, as in the reference
            return f"Error during execution: {exc}"

    # ---- the safe interpreter -------------------------------------------------------------------

    def _eval(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.List):
            return [self._eval(e) for e in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(self._eval(e) for e in node.elts)
        if isinstance(node, ast.Set):
            return {self._eval(e) for e in node.elts}
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise _Unsupported("dict unpacking")
            return {self._eval(k): self._eval(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
            operand = self._eval(node.operand)
            if isinstance(node.op, ast.USub):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return +operand
            return not operand
        if isinstance(node, ast.Name):
            if node.id in self._by_name:
                return self._by_name[node.id]
            raise NameError(f"name '{node.id}' is not defined")
        if isinstance(node, ast.Attribute):
            owner = self._eval(node.value)
            if any(owner is inst for inst in self._by_name.values()) and not node.attr.startswith("_"):
                return getattr(owner, node.attr)
            raise _Unsupported(f"attribute {node.attr!r}")
        if isinstance(node, ast.Call):
            func = self._eval(node.func)
            if not inspect.ismethod(func) or not any(func.__self__ is inst for inst in self._by_name.values()):
                raise _Unsupported("call of something other than an API method")
            args = []
            for arg in node.args:
                if isinstance(arg, ast.Starred):
                    raise _Unsupported("*args")
                args.append(self._eval(arg))
            kwargs = {}
            for kw in node.keywords:
                if kw.arg is None:
                    raise _Unsupported("**kwargs")
                kwargs[kw.arg] = self._eval(kw.value)
            return func(*args, **kwargs)
        raise _Unsupported(type(node).__name__)
