"""BFCL v4 format sensitivity: 26 prompt/format configurations over 200 ids (not in the overall score).

From bfcl-eval 2026.3.23 (`utils.get_all_format_sensitivity_configs`, `load_format_sensitivity_*`,
`model_handler/utils.formulate_system_prompt` and the function-doc formatters, `ast_parse` and the
json/xml parsers, `eval_runner.format_sensitivity_runner`). Only meaningful for prompting (non-FC)
models: the system prompt tells the model how to write its calls, and the answer is decoded in that
format, then checked with the single-turn AST checker (see `score_entry`, the one adapter to it).
"""

from __future__ import annotations

import ast
import copy
import json
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.bfcl.v4.data import PYTHON_HINT, BfclV4DataError, data_folder, read_jsonl

RETURN_FORMATS = ("python", "json", "verbose_xml", "concise_xml")
TOOL_CALL_TAGS = ("True", "False")
FUNCTION_DOC_FORMATS = ("python", "xml", "json")
DEFAULT_CONFIG = "ret_fmt=python&tool_call_tag=False&func_doc_fmt=json&prompt_fmt=plaintext&style=classic"


def all_configs() -> list[str]:
    """The 26 configurations, in the reference's order (4 x 2 x 3, then markdown, then experimental)."""
    configs = [
        f"ret_fmt={ret}&tool_call_tag={tag}&func_doc_fmt={doc}&prompt_fmt=plaintext&style=classic"
        for ret in RETURN_FORMATS
        for tag in TOOL_CALL_TAGS
        for doc in FUNCTION_DOC_FORMATS
    ]
    configs.append("ret_fmt=python&tool_call_tag=False&func_doc_fmt=json&prompt_fmt=markdown&style=classic")
    configs.append("ret_fmt=python&tool_call_tag=False&func_doc_fmt=json&prompt_fmt=plaintext&style=experimental")
    return configs


_CONFIG = re.compile(
    r"^ret_fmt=(?P<ret>python|json|verbose_xml|concise_xml)&tool_call_tag=(?P<tag>True|False)"
    r"&func_doc_fmt=(?P<doc>python|xml|json)&prompt_fmt=(?P<prompt>plaintext|markdown)"
    r"&style=(?P<style>classic|experimental)$"
)


@dataclass(frozen=True)
class FormatConfig:
    return_format: str
    tool_call_tag: bool
    function_doc_format: str
    prompt_format: str
    style: str


def parse_config(text: str) -> FormatConfig:
    match = _CONFIG.match(text)
    if not match:
        raise ValueError(f"Invalid query format: {text!r}")
    return FormatConfig(match["ret"], match["tag"] == "True", match["doc"], match["prompt"], match["style"])


# ------------------------------------------------------------------------------------ prompt text

OUTPUT_FORMATS = {
    "python": "[func_name1(params_name1=params_value1, params_name2=params_value2...), func_name2(params)]",
    "json": '```json\n[{"function":"func_name1","parameters":{"param1":"value1","param2":"value2"...}},{"function":"func_name2","parameters":{"param":"value"}}]\n```',
    "verbose_xml": '<functions><function name="func_name1"><params><param name="param1" value="value1" type="type1"/><param name="param2" value="value2" type="type2"/>...</params></function><function name="func_name2"><params><param name="param3" value="value3" type="type3"/></params></function></functions>',
    "concise_xml": '<functions><function name="func_name1"><param name="param1" type="type1">value1</param><param name="param2" type="type2">value2</param>...</function><function name="func_name2"><param name="param3" type="type3">value</param></function></functions>',
}  # fmt: skip

_XML_TYPES = "The type fields of the parameters in your function calls must be one of: string, integer, float, boolean, array, dict, or tuple."
PARAM_TYPE_NOTES = {"python": "", "json": "", "verbose_xml": _XML_TYPES, "concise_xml": _XML_TYPES}

STYLES = {
    "classic": {
        "persona": "You are an expert in composing functions.",
        "task": "You are given a question and a set of possible functions. Based on the question, you will need to make one or more function/tool calls to achieve the purpose. If none of the functions can be used, point it out. If the given question lacks the parameters required by the function, also point it out.",
        "tool_call_no_tag": "You should only return the function calls in your response.\n\nIf you decide to invoke any of the function(s), you MUST put it in the format of {output_format}. {param_types} You SHOULD NOT include any other text in the response.",
        "tool_call_with_tag": "You should only return the function calls in the <TOOLCALL> section. If you decide to invoke any of the function(s), you MUST put it in the format of <TOOLCALL>{output_format}</TOOLCALL>. {param_types} You SHOULD NOT include any other text in the response.",
        "multiturn_behavior": "At each turn, you should try your best to complete the tasks requested by the user within the current turn. Continue to output functions to call until you have fulfilled the user's request to the best of your ability. Once you have no more functions to call, the system will consider the current turn complete and proceed to the next turn or task.",
        "available_tools": "Here is a list of functions in {format} format that you can invoke.\n{functions}\n",
    },
    "experimental": {
        "persona": "You are an expert in generating structured function calls.",
        "task": "You are given a user query and a set of available functions. Your task is to produce one or more function/tool calls to fulfill the user's request. If no suitable function exists, or required parameters are missing, clearly indicate this.",
        "tool_call_no_tag": "Respond with only the function calls.\n\nYou MUST format it exactly as {output_format}. {param_types} Do NOT include any other text.",
        "tool_call_with_tag": "Return only the function calls enclosed in <TOOLCALL> tags.\n\nYou MUST format it exactly as <TOOLCALL>{output_format}</TOOLCALL>. {param_types} Do NOT include any other text.",
        "multiturn_behavior": "At every turn, aim to complete the user's tasks within that turn. Continue emitting function calls until the request is satisfied to the best of your ability. Once no more calls are needed, the system will proceed to the next turn.",
        "available_tools": "Below is a list of callable functions in the {format} style:\n{functions}\n",
    },
}  # fmt: skip

PROMPT_TEMPLATES = {
    "plaintext": "{persona}{task}\n\n{tool_call_format}\n\n{multiturn_behavior}\n\n{available_tools}",
    "markdown": "{persona}\n\n## Task\n{task}\n\n## Tool Call Format\n{tool_call_format}\n\n## Multi-turn Behavior\n{multiturn_behavior}\n\n## Available Tools\n{available_tools}",
}


def function_doc_xml(functions: list[dict[str, Any]]) -> str:
    def param(name: str, meta: dict[str, Any], required: list[str] | None, level: int) -> str:
        indent = " " * level * 2
        p_type = meta.get("type", "string")
        desc = meta.get("description", "")
        is_required = "true" if required is None or name in required else "false"
        if "enum" in meta:
            desc += f" Enum values: {meta['enum']}."
        if "items" in meta and "type" in meta["items"]:
            p_type = f"{p_type}[{meta['items']['type']}]"
        elif "additionalProperties" in meta:
            p_type = f"{p_type}[{meta['additionalProperties'].get('type', 'string')}]"
        attrs = [f'name="{name}", type="{p_type}", required="{is_required}"']
        if "default" in meta:
            attrs.append(f'default="{meta["default"]!r}"')
        # the reference removes every comma of the attribute text, defaults and names included
        parts = [f"{indent}<param " + " ".join(attrs).replace(",", "") + ">\n", f"{indent}  <desc>{desc}</desc>\n"]
        if "properties" in meta:
            parts.append(f"{indent}  <params>\n")
            for child, child_meta in meta["properties"].items():
                parts.append(param(child, child_meta, meta.get("required", None), level + 2))
            parts.append(f"{indent}  </params>\n")
        parts.append(f"{indent}</param>\n")
        return "".join(parts)

    blocks = []
    for fn in functions:
        schema = fn["parameters"]
        text = f'<function name="{fn["name"]}">\n  <desc>{fn.get("description", "")}</desc>\n  <params>\n'
        for name, meta in schema.get("properties", {}).items():
            text += param(name, meta, schema.get("required", None), 2)
        text += "  </params>\n</function>\n"
        blocks.append(text)
    return "\n".join(blocks)


def _py_type(meta: dict[str, Any]) -> str:
    kind = meta.get("type", "string")
    primitive = {"string": "str", "number": "float", "integer": "int", "boolean": "bool"}
    if kind in primitive:
        return primitive[kind]
    if kind in {"array", "list", "tuple"} and "items" in meta:
        return f"list[{_py_type(meta['items'])}]"
    if kind in {"object", "dict"}:
        if "additionalProperties" in meta:
            return f"dict[str, {_py_type(meta['additionalProperties'])}]"
        return "dict"
    return kind


def function_doc_python(functions: list[dict[str, Any]]) -> str:
    def param(name: str, meta: dict[str, Any], depth: int) -> list[str]:
        indent = " " * 8 + " " * 4 * depth
        desc = meta.get("description", "")
        if "enum" in meta:
            desc += f" Enum values: {meta['enum']}."
        default = f", default={meta['default']!r}" if "default" in meta else ""
        lines = [f"{indent}{name} ({_py_type(meta)}{default}): {desc}\n"]
        for child, child_meta in meta.get("properties", {}).items():
            lines.extend(param(child, child_meta, depth + 1))
        return lines

    docs = []
    for fn in functions:
        lines = [f"# Function: {fn['name']}\n", '    """\n', f"    {fn.get('description', '')}\n\n"]
        properties = fn.get("parameters", {}).get("properties", {})
        if properties:
            lines.append("    Args:\n")
            for name, meta in properties.items():
                lines.extend(param(name, meta, 0))
        lines.append('    """\n')
        docs.append("".join(lines))
        docs.append("\n")
    return "\n\n".join(docs)


def function_doc(functions: list[dict[str, Any]], doc_format: str) -> str:
    if doc_format == "xml":
        return function_doc_xml(functions)
    if doc_format == "python":
        return function_doc_python(functions)
    if doc_format == "json":
        return json.dumps(functions, indent=4)
    raise ValueError(f"Invalid function doc format: {doc_format}")


def system_prompt(config: str, functions: list[dict[str, Any]]) -> str:
    cfg = parse_config(config)
    style = STYLES[cfg.style]
    call_format = style["tool_call_with_tag" if cfg.tool_call_tag else "tool_call_no_tag"].format(
        output_format=OUTPUT_FORMATS[cfg.return_format], param_types=PARAM_TYPE_NOTES[cfg.return_format]
    )
    return PROMPT_TEMPLATES[cfg.prompt_format].format(
        persona=style["persona"],
        task=style["task"],
        tool_call_format=call_format,
        multiturn_behavior=style["multiturn_behavior"],
        available_tools=style["available_tools"].format(format=cfg.function_doc_format, functions=function_doc(functions, cfg.function_doc_format)),
    )


def messages_with_system_prompt(messages: list[dict[str, Any]], config: str, functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`system_prompt_pre_processing_chat_model`: prepend to the first system message or insert one."""
    messages = copy.deepcopy(messages)
    prompt = system_prompt(config, functions)
    if messages and messages[0]["role"] == "system":
        messages[0]["content"] = prompt + "\n\n" + messages[0]["content"]
    else:
        messages.insert(0, {"role": "system", "content": prompt})
    return messages


# ------------------------------------------------------------------------------------ data


@dataclass
class FormatItem:
    id: str  # format_sensitivity_<i>:<config>:<original id>
    index: int
    config: str
    original_id: str
    question: list[list[dict[str, Any]]]
    functions: list[dict[str, Any]]
    ground_truth: list[dict[str, Any]]

    def messages(self) -> list[dict[str, Any]]:
        return messages_with_system_prompt(self.question[0], self.config, self.functions)


def load_format_sensitivity(data_dir: Path | str) -> list[FormatItem]:
    """200 entries x 26 configs in the reference's order (categories as in the id file, entries in file order).

    The entries' function descriptions carry the Python hint twice: the reference appends it when
    loading each source category and again when loading the format_sensitivity category.
    """
    folder = data_folder(data_dir)
    id_file = folder / "BFCL_v4_format_sensitivity.json"
    try:
        wanted: dict[str, list[str]] = json.loads(id_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BfclV4DataError(f"{id_file}: cannot read the format sensitivity id file ({exc})") from None
    configs = all_configs()
    items: list[FormatItem] = []
    index = 0
    for category, ids in wanted.items():
        if not ids:
            continue
        wanted_ids = set(ids)
        rows = read_jsonl(folder / f"BFCL_v4_{category}.json")
        answers = {a["id"]: a for a in read_jsonl(folder / "possible_answer" / f"BFCL_v4_{category}.json")}
        for row in rows:
            if row["id"] not in wanted_ids:
                continue
            if row["id"] not in answers:
                raise BfclV4DataError(f"possible_answer/BFCL_v4_{category}.json: no answer for {row['id']}")
            functions = copy.deepcopy(row["function"])
            for fn in functions:
                fn["description"] = fn["description"] + PYTHON_HINT + PYTHON_HINT
            for config in configs:
                items.append(
                    FormatItem(
                        id=f"format_sensitivity_{index}:{config}:{row['id']}",
                        index=index,
                        config=config,
                        original_id=row["id"],
                        question=copy.deepcopy(row["question"]),
                        functions=copy.deepcopy(functions),
                        ground_truth=answers[row["id"]]["ground_truth"],
                    )
                )
                index += 1
    return items


# ------------------------------------------------------------------------------------ decoding


class FormatDecodeError(ValueError):
    pass


def _xml_value(raw: str, kind: str) -> Any:
    if kind == "string":
        return raw
    if kind == "integer":
        return int(raw)
    if kind == "float":
        return float(raw)
    if kind == "boolean":
        return raw.lower() == "true"
    if kind == "null":
        return None
    if kind in ("array", "tuple", "object", "dict"):
        return ast.literal_eval(raw)
    return raw


def parse_verbose_xml(text: str) -> list[dict[str, Any]]:
    calls = []
    for func in ET.fromstring(text).findall("function"):
        params = func.find("params")
        elements = params.findall("param") if params is not None else func.findall("param")
        args = {}
        for element in elements:
            args[element.attrib.get("name")] = _xml_value(element.attrib.get("value", ""), element.attrib.get("type", "string"))
        calls.append({func.attrib["name"]: args})
    return calls


def parse_concise_xml(text: str) -> list[dict[str, Any]]:
    calls = []
    for func in ET.fromstring(text).findall("function"):
        args = {}
        for element in func.findall("param"):
            args[element.attrib["name"]] = _xml_value((element.text or "").strip(), element.attrib.get("type", "string"))
        calls.append({func.attrib["name"]: args})
    return calls


def parse_json_calls(text: str) -> list[dict[str, Any]]:
    match = re.search(r"\[\s*{.*?}\s*(?:,\s*{.*?}\s*)*\]", text, re.DOTALL)
    if match:
        text = match.group(0)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return []
    return [{call["function"]: call["parameters"]} for call in data if isinstance(call, dict)]


PythonDecoder = Callable[[str], list[dict[str, Any]]]


def decode(text: str, config: str, decode_python: PythonDecoder) -> list[dict[str, Any]]:
    """`default_decode_ast_prompting` + `ast_parse` for the config's return format and tag.

    `decode_python` is the single-turn decoder of a Python call list (strip, wrap in [], parse);
    after a <TOOLCALL> tag it is given the tag's content.
    """
    cfg = parse_config(config)
    text = text.strip("`\n ")
    if not text.startswith("["):
        text = "[" + text
    if not text.endswith("]"):
        text = text + "]"
    if cfg.tool_call_tag:
        match = re.search(r"<TOOLCALL>(.*?)</TOOLCALL>", text, re.DOTALL)
        if not match:
            raise FormatDecodeError(f"No tool call tag found in input string: {text}")
        text = match.group(1).strip()
    if cfg.return_format == "python":
        return decode_python(text)
    if cfg.return_format in ("verbose_xml", "concise_xml"):
        match = re.search(r"<functions>(.*?)</functions>", text, re.DOTALL)
        if not match:
            raise FormatDecodeError(f"No XML function call found in input string: {text}. Missing <functions> tag.")
        parse = parse_verbose_xml if cfg.return_format == "verbose_xml" else parse_concise_xml
        return parse(match.group(0))
    match = re.search(r"\[.*\]", text, re.DOTALL)
    if match:
        text = match.group(0)
    return parse_json_calls(text)


def is_call_list(decoded: Any) -> bool:
    """`is_function_calling_format_output` ([] counts as well-formed)."""
    return type(decoded) is list and all(
        type(item) is dict and len(item) == 1 and type(next(iter(item.values()))) is dict for item in decoded
    )


# ------------------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class FormatVerdict:
    valid: bool
    error_type: str = ""
    error: Any = None
    decoded: Any = None


AstCheck = Callable[[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], str], tuple[bool, str, Any]]


def score_entry(item: FormatItem, text: str, decode_python: PythonDecoder, ast_check: AstCheck) -> FormatVerdict:
    """Decode in the item's format and check with the AST checker, dispatching on the ORIGINAL id
    ("parallel" / "multiple" in it), as `_evaluate_single_ast_entry` does for format sensitivity.

    `ast_check(functions, calls, ground_truth, category) -> (valid, error_type, error)` is the
    single-turn checker in Python mode; `single_turn_adapter()` builds it from evals/bfcl.
    """
    try:
        decoded = decode(text, item.config, decode_python)
    except Exception as exc:  # noqa: BLE001 - any decoder failure is this verdict in the reference
        return FormatVerdict(False, "ast_decoder:decoder_failed", [f"Invalid syntax. Failed to decode AST. {exc}"])
    if not is_call_list(decoded):
        return FormatVerdict(False, "ast_decoder:decoder_wrong_output_format",
                             ["Did not output in the specified format. Note: the model_result is wrapped in a string to ensure json serializability."], decoded)  # fmt: skip
    valid, error_type, error = ast_check(item.functions, decoded, item.ground_truth, item.original_id)
    return FormatVerdict(valid, "" if valid else error_type, None if valid else error, decoded)


def single_turn_adapter(underscore_to_dot: bool = False) -> tuple[PythonDecoder, AstCheck]:
    """The Python decoder and AST checker of the single-turn package (evals/bfcl), in the form above."""
    from evals.bfcl.ast_checker import ast_check as _ast_check  # the single-turn engineer's checker
    from evals.bfcl.categories import Language
    from evals.bfcl.prompting import decode_python_calls

    def check(functions, calls, ground_truth, category):
        result = _ast_check(functions, calls, ground_truth, Language.PYTHON, category, underscore_to_dot)
        return result.valid, result.error_type, result.error

    return decode_python_calls, check


@dataclass(frozen=True)
class FormatSummary:
    accuracy: float  # over all entries
    per_config: dict[str, dict[str, float | int]]  # config -> {accuracy, correct_count, total_count}
    accuracy_max_delta: float  # (max - min) * 100, rounded to 2
    accuracy_variance: float  # variance * 100**2, rounded to 2
    accuracy_std: float  # stdev * 100, rounded to 2


def summarize(results: list[tuple[str, bool]]) -> FormatSummary:
    """Per-config accuracy and the spread across configs, as `format_sensitivity_runner` reports them.

    `results` are (config, correct) pairs, one per entry.
    """
    stats: dict[str, list[int]] = {}
    for config, correct in results:
        counts = stats.setdefault(config, [0, 0])
        counts[0] += int(bool(correct))
        counts[1] += 1
    per_config = {cfg: {"accuracy": c / t, "correct_count": c, "total_count": t} for cfg, (c, t) in stats.items()}
    accuracies = [v["accuracy"] for v in per_config.values()]
    if len(accuracies) > 1:
        variance = round(statistics.variance(accuracies) * 100**2, 2)
        std = round(statistics.stdev(accuracies) * 100, 2)
        delta = round((max(accuracies) - min(accuracies)) * 100, 2)
    else:
        variance = std = delta = 0.0
    total = sum(t for _, t in stats.values())
    overall = sum(c for c, _ in stats.values()) / total if total else 0.0
    return FormatSummary(overall, per_config, delta, variance, std)
