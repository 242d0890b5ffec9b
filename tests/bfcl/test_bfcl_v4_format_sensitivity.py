"""Format sensitivity: the 26 configurations, the prompts built for the 200 ids (digest of the
reference's own messages), the decoders against the reference's outputs, and the aggregation."""

from __future__ import annotations

import ast
import hashlib
import json
import statistics
from pathlib import Path

import pytest

from evals.bfcl.v4.format_sensitivity import (
    DEFAULT_CONFIG,
    all_configs,
    decode,
    function_doc_python,
    function_doc_xml,
    load_format_sensitivity,
    parse_config,
    score_entry,
    summarize,
    system_prompt,
)

DATA = Path(__file__).parent / "data_v4"
CASES = json.loads((DATA / "reference_cases.json").read_text(encoding="utf-8"))
REFERENCE = json.loads((DATA / "reference_outputs.json").read_text(encoding="utf-8"))


def python_calls(text: str):
    """A stand-in for the single-turn Python decoder (keyword arguments with literal values)."""
    text = text.strip("`\n ")
    text = text if text.startswith("[") else "[" + text
    text = text if text.endswith("]") else text + "]"
    tree = ast.parse(text.strip().strip("'"), mode="eval").body
    elements = [tree] if isinstance(tree, ast.Call) else tree.elts
    return [{ast.unparse(e.func): {k.arg: ast.literal_eval(k.value) for k in e.keywords}} for e in elements]


def test_the_26_configurations():
    configs = all_configs()
    assert len(configs) == len(set(configs)) == 26
    assert configs[0] == "ret_fmt=python&tool_call_tag=True&func_doc_fmt=python&prompt_fmt=plaintext&style=classic"
    assert configs[-2:] == [
        "ret_fmt=python&tool_call_tag=False&func_doc_fmt=json&prompt_fmt=markdown&style=classic",
        "ret_fmt=python&tool_call_tag=False&func_doc_fmt=json&prompt_fmt=plaintext&style=experimental",
    ]
    assert DEFAULT_CONFIG in configs
    assert parse_config(configs[9]) == parse_config("ret_fmt=json&tool_call_tag=False&func_doc_fmt=python&prompt_fmt=plaintext&style=classic")
    assert parse_config(configs[9]).tool_call_tag is False and parse_config(configs[6]).tool_call_tag is True
    with pytest.raises(ValueError, match="Invalid query format"):
        parse_config("ret_fmt=yaml&tool_call_tag=False&func_doc_fmt=json&prompt_fmt=plaintext&style=classic")


def test_entries_and_prompts_match_the_reference(shared_data):
    items = load_format_sensitivity(shared_data)
    assert len(items) == REFERENCE["fs_count"] == 5200
    assert len({i.original_id for i in items}) == 200
    assert hashlib.sha256("\n".join(i.id for i in items).encode()).hexdigest() == REFERENCE["fs_ids_sha256"]
    messages = hashlib.sha256()
    for item in items:
        messages.update(json.dumps(item.messages(), sort_keys=True).encode())
    assert messages.hexdigest() == REFERENCE["fs_messages_sha256"]
    by_id = {i.id: i for i in items}
    for entry_id, expected in REFERENCE["fs_samples"].items():
        assert by_id[entry_id].messages() == expected
    truth = hashlib.sha256(json.dumps([i.ground_truth for i in items], sort_keys=True).encode()).hexdigest()
    assert truth == REFERENCE["fs_gt_sha256"]


def test_function_doc_formats_on_a_nested_schema():
    functions = [{
        "name": "book.hotel", "description": "Book a hotel.",
        "parameters": {"type": "dict", "required": ["city"], "properties": {
            "city": {"type": "string", "description": "City, state"},
            "nights": {"type": "integer", "description": "Nights.", "default": 1},
            "tags": {"type": "array", "items": {"type": "string"}, "description": "Tags."},
            "prefs": {"type": "dict", "description": "Prefs.", "properties": {"view": {"type": "string", "description": "View.", "enum": ["sea", "city"]}}},
        }},
    }]  # fmt: skip
    xml = function_doc_xml(functions)
    assert '<param name="city" type="string" required="true">' in xml
    assert '<param name="nights" type="integer" required="false" default="1">' in xml
    assert '<param name="tags" type="array[string]" required="false">' in xml
    assert "        <param name=\"view\" type=\"string\" required=\"true\">\n          <desc>View. Enum values: ['sea', 'city'].</desc>" in xml
    python = function_doc_python(functions)
    assert python.startswith('# Function: book.hotel\n    """\n    Book a hotel.\n\n    Args:\n')
    assert "        nights (int, default=1): Nights.\n" in python and "        tags (list[str]): Tags.\n" in python
    assert "            view (str): View. Enum values: ['sea', 'city'].\n" in python
    prompt = system_prompt("ret_fmt=concise_xml&tool_call_tag=True&func_doc_fmt=xml&prompt_fmt=markdown&style=experimental", functions)
    assert prompt.startswith("You are an expert in generating structured function calls.\n\n## Task\n")
    assert "<TOOLCALL><functions><function name=\"func_name1\">" in prompt and "Below is a list of callable functions in the xml style:" in prompt


@pytest.mark.parametrize("index", range(len(CASES["DECODE_CASES"])))
def test_decoders_match_reference(index):
    text, config = CASES["DECODE_CASES"][index]
    expected = REFERENCE["decode"][index]
    if "ok" in expected:
        assert decode(text, config, python_calls) == expected["ok"]
    else:
        with pytest.raises(Exception):
            decode(text, config, python_calls)


def test_score_entry_uses_the_original_id_for_dispatch(shared_data):
    items = [i for i in load_format_sensitivity(shared_data) if i.original_id.startswith("parallel_")][:26]
    seen = []

    def checker(functions, calls, truth, category):
        seen.append(category)
        return (calls == [{"f": {"a": 1}}], "checker:wrong", ["wrong"])

    json_item = next(i for i in items if parse_config(i.config).return_format == "json" and not parse_config(i.config).tool_call_tag)
    assert score_entry(json_item, '[{"function": "f", "parameters": {"a": 1}}]', python_calls, checker).valid
    assert seen == [json_item.original_id] and "parallel" in seen[0]
    wrong = score_entry(json_item, '[{"function": "f", "parameters": {"a": 2}}]', python_calls, checker)
    assert not wrong.valid and wrong.error_type == "checker:wrong"
    failed = score_entry(json_item, '[{"function": "f"}]', python_calls, checker)
    assert failed.error_type == "ast_decoder:decoder_failed"
    tagged = next(i for i in items if parse_config(i.config).tool_call_tag and parse_config(i.config).return_format == "python")
    assert score_entry(tagged, "f(a=1)", python_calls, checker).error_type == "ast_decoder:decoder_failed"
    assert score_entry(tagged, "<TOOLCALL>[f(a=1)]</TOOLCALL>", python_calls, checker).valid


def test_summary_per_config_delta_and_std():
    results = [("A", True)] * 3 + [("A", False)] + [("B", True)] * 1 + [("B", False)] * 3 + [("C", True)] * 2 + [("C", False)] * 2
    summary = summarize(results)
    assert summary.per_config["A"] == {"accuracy": 0.75, "correct_count": 3, "total_count": 4}
    assert summary.accuracy == pytest.approx(6 / 12)
    assert summary.accuracy_max_delta == 50.0
    assert summary.accuracy_std == round(statistics.stdev([0.75, 0.25, 0.5]) * 100, 2) == 25.0
    assert summary.accuracy_variance == 625.0
    single = summarize([("A", True)])
    assert (single.accuracy_max_delta, single.accuracy_std, single.accuracy_variance) == (0.0, 0.0, 0.0)


def _render(call: dict, fmt: str) -> str:
    """The first acceptable value of every parameter, written in a return format."""
    (name, params), = call.items()
    args = {k: v[0] for k, v in params.items() if v and v[0] != ""}
    if fmt == "python":
        return f"[{name}({', '.join(f'{k}={v!r}' for k, v in args.items())})]"
    return json.dumps([{"function": name, "parameters": args}])


def test_single_turn_adapter_scores_ground_truth_answers(shared_data):
    from evals.bfcl.v4.format_sensitivity import single_turn_adapter
    from evals.bfcl.v4.run import format_case, format_verdict

    decode_python, check = single_turn_adapter()
    items = [i for i in load_format_sensitivity(shared_data) if i.original_id == "simple_python_19"]
    assert len(items) == 26
    by_format = {}
    for item in items:
        cfg = parse_config(item.config)
        if not cfg.tool_call_tag and cfg.return_format in ("python", "json"):
            by_format.setdefault(cfg.return_format, item)
    for fmt, item in by_format.items():
        right = _render(item.ground_truth[0], fmt)
        assert score_entry(item, right, decode_python, check).valid, (fmt, right)
        verdict = format_verdict(format_case(item), {"content": right})
        assert verdict.correct and verdict.subsets["category"] == "format_sensitivity"
        wrong = right.replace(next(iter(item.ground_truth[0])), "other_function")
        assert not score_entry(item, wrong, decode_python, check).valid
    assert format_case(items[0]).id.startswith("format_sensitivity_") and "&" not in format_case(items[0]).id
