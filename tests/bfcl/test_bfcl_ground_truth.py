"""Ground truth fed back as the model's answer scores 100% on every single-turn category of both
file sets, through the same decoding path as real responses.

The only exceptions are items whose ground truth no answer can satisfy under the reference checker
(bfcl-eval 2026.3.23 rejects them too; verified by running its ast_checker on the same decoded calls).
They are pinned here with the reason, so a change in either direction fails the test.
"""

from __future__ import annotations

import pytest

from evals.bfcl.categories import SINGLE_TURN, Kind, Language, category
from evals.bfcl.data import load_category
from evals.bfcl.options import BfclOptions
from evals.bfcl.score import score_single_turn
from fixtures.responses import Generation, parse_completion
from tests.bfcl.conftest import bfcl_dir
from tests.bfcl.gt_answers import gt_prompt_text, gt_tool_calls

# id -> why the reference cannot accept any answer
_UNSOLVABLE_BOTH = {
    "live_simple_106-63-0": "required parameter whose list of acceptable values is empty",
    "live_simple_112-68-0": "required parameter whose list of acceptable values is empty",
    "live_multiple_507-149-4": "required parameter whose list of acceptable values is empty",
    "live_multiple_964-207-0": "required parameter whose list of acceptable values is empty",
    "live_multiple_862-181-3": "ground truth requires a parameter the docs do not have",
}
_UNSOLVABLE_JAVA = {
    "36": "ArrayList<any> elements convert to strings; ground truth holds an int and a bool",
    "64": "HashMap ground truth value is a bare string, which the dict checker iterates by character",
    "65": "ArrayList<any> elements convert to strings; ground truth holds bools",
}
_PROMPTING_JAVA = {
    "1": "a HashMap argument loses its {{ put(...) }} body in the reference's tree-sitter traversal",
    "67": "a HashMap argument loses its {{ put(...) }} body in the reference's tree-sitter traversal",
    "68": "a HashMap argument loses its {{ put(...) }} body in the reference's tree-sitter traversal",
    "35": "Array<String> elements must stay unquoted for the converter, and ':' in them breaks the Java parse",
    "85": "Array<String> elements must stay unquoted for the converter, and '/' in them breaks the Java parse",
}
UNSOLVABLE = {
    "v4": {**_UNSOLVABLE_BOTH, **{f"simple_java_{k}": v for k, v in _UNSOLVABLE_JAVA.items()}},
    "v3": {
        **_UNSOLVABLE_BOTH,
        **{f"java_{k}": v for k, v in _UNSOLVABLE_JAVA.items()},
        "simple_363": "ground truth names restaurant_search.find_closest, the docs restaurant_search.find_closest_restaurant",
        "javascript_41": "ground truth names queue, the docs queue_1",
    },
}


def unsolvable(file_set: str, mode: str) -> dict[str, str]:
    out = dict(UNSOLVABLE[file_set])
    if mode == "prompting":
        prefix = "simple_java_" if file_set == "v4" else "java_"
        out.update({prefix + k: v for k, v in _PROMPTING_JAVA.items()})
        out.pop(prefix + "64")  # an empty HashMap passes: "" is a substring of the bare-string ground truth
    return out


def _parsed(tool_calls=None, content=None) -> Generation:
    """Through the harness's response parsing, as a real chat completion would arrive."""
    message = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    return parse_completion({"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]})


def _answer(item, mode: str) -> Generation:
    cat = item.cat
    if cat.kind is Kind.AST:
        if mode == "fc":
            return _parsed(gt_tool_calls(item.functions, item.ground_truth, cat.language))
        return _parsed(content=gt_prompt_text(item.functions, item.ground_truth, cat.language))
    if cat.kind is Kind.IRRELEVANCE:
        return _parsed(content="None of the provided functions can answer this question.")
    # live_relevance: any call of a provided function
    doc = item.functions[0]
    truth = [{doc["name"]: {p: ["x"] for p in doc["parameters"].get("required", [])}}]
    if mode == "fc":
        return _parsed(gt_tool_calls([doc], truth, Language.PYTHON))
    return _parsed(content=gt_prompt_text([doc], truth, Language.PYTHON))


@pytest.mark.parametrize("file_set", ["v4", "v3"])
@pytest.mark.parametrize("name", SINGLE_TURN)
@pytest.mark.parametrize("mode", ["fc", "prompting"])
def test_ground_truth_scores_full_marks(file_set: str, name: str, mode: str) -> None:
    if mode == "prompting" and category(name).language is not Language.PYTHON:
        pytest.importorskip("tree_sitter", reason="prompting-mode Java/JavaScript decoding needs tree_sitter==0.21.3")
    items = load_category(bfcl_dir(file_set), name, file_set)
    assert items, f"no items in {name}"
    options = BfclOptions(file_set=file_set, mode=mode)
    wrong = {}
    for item in items:
        verdict = score_single_turn(item, _answer(item, mode), options)
        if not verdict.correct:
            wrong[item.id] = verdict.reason
    expected_wrong = {i for i in unsolvable(file_set, mode) if i in {it.id for it in items}}
    assert set(wrong) == expected_wrong, {k: v[:200] for k, v in wrong.items() if k not in expected_wrong}
