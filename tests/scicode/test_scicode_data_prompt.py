"""Loading, prompt assembly and code extraction on real SciCode rows, against the reference's own output."""

from __future__ import annotations

import hashlib
import json

import pytest

from evals.scicode.data import (
    PREFILLED_STEPS,
    SciCodeDataError,
    find_split_files,
    load_problems,
    parse_problem,
)
from evals.scicode.extract import extract_python_script
from evals.scicode.program import step_solution
from evals.scicode.prompt import DEFAULT_TEMPLATE, build_messages, build_prompt
from tests.scicode.conftest import GOLDEN


def test_test_aai_is_dev_then_test_80_problems_338_generated_steps(scicode_dir):
    problems, revision = load_problems(find_split_files(scicode_dir, "test_aai"))
    assert len(problems) == 80
    assert [p.split for p in problems[:15]] == ["dev"] * 15 and {p.split for p in problems[15:]} == {"test"}
    assert problems[0].id == "10" and problems[15].id == "77"  # file order: dev first, as NeMo-Skills' test_aai
    assert sum(len(p.steps) for p in problems) == 341
    assert sum(len(p.scored_steps) for p in problems) == 338
    assert len(revision) == 64


def test_splits(scicode_dir):
    dev, _ = load_problems(find_split_files(scicode_dir, "dev"))
    test, _ = load_problems(find_split_files(scicode_dir, "test"))
    assert (len(dev), sum(len(p.scored_steps) for p in dev)) == (15, 50)
    assert (len(test), sum(len(p.scored_steps) for p in test)) == (65, 288)
    with pytest.raises(SciCodeDataError, match="unknown SciCode split"):
        find_split_files(scicode_dir, "train")


def test_prefilled_steps_are_the_reference_code(problems):
    for (pid, index), step_number in PREFILLED_STEPS.items():
        problem = problems[pid]
        assert problem.steps[index].step_number == step_number
        assert list(problem.prefilled) == [index]
        assert index not in problem.scored_steps
    assert problems["62"].prefilled[0].startswith("def __init__(self, length, basis_size, operator_dict):")
    assert problems["13"].prefilled[5].startswith("def __init__(self, n_grid, x_out):")
    assert problems["76"].prefilled[2].startswith("def generate_dna(N: int, PWM: dict) -> tuple:")
    assert not any(p.prefilled for pid, p in problems.items() if pid not in {"13", "62", "76"})


def test_bad_rows_name_the_problem():
    with pytest.raises(SciCodeDataError, match="row lacks"):
        parse_problem({"problem_id": "1"}, "dev", "f.jsonl:3")
    row = {"problem_id": "1", "problem_name": "x", "required_dependencies": "", "sub_steps": [{"step_number": "1.1"}]}
    with pytest.raises(SciCodeDataError, match=r"f.jsonl:3 \(problem 1, sub_step 1\): sub_step lacks"):
        parse_problem(row, "dev", "f.jsonl:3")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SciCodeDataError, match="no problems_dev.jsonl"):
        find_split_files(tmp_path, "test_aai")


def test_template_is_nemo_skills_default_yaml():
    # sha256 of `user` in NeMo-Skills 7205c43 prompt/config/eval/scicode/default.yaml (as yaml.safe_load reads it)
    assert hashlib.sha256(DEFAULT_TEMPLATE.encode()).hexdigest() == (
        "6b84cb2d5339d708d469174a83c0b95ee88eca2a657d847febc69ca3d3463e99"
    )


def _previous_code(problem, upto):
    code = []
    for i in range(upto):
        if i in problem.prefilled:
            code.append(problem.prefilled[i])
        elif problem.steps[i].ground_truth_code is not None:
            code.append(problem.steps[i].ground_truth_code)
        else:
            code.append(f"def model_step_{i + 1}():\n    return {i + 1}")
    return code


@pytest.mark.parametrize("name", ["19.1", "19.2", "19.2.nobg", "29.3", "62.2", "13.7", "13.7.nobg", "76.4"])
def test_prompt_and_solution_match_the_reference(problems, name):
    """Golden prompts produced by NeMo-Skills' own process_problem_steps and default.yaml (golden/README.md)."""
    step_number, _, flag = name.partition(".nobg")
    pid, step = step_number.split(".")
    problem, index = problems[pid], int(step) - 1
    code = _previous_code(problem, index)
    prompt = build_prompt(problem, index, code, with_background=not name.endswith(".nobg"))
    assert prompt == (GOLDEN / f"{name}.prompt.txt").read_text(encoding="utf-8")
    solution = step_solution(problem.required_dependencies, code, "STEP_CODE")
    assert solution == (GOLDEN / f"{name}.solution.txt").read_text(encoding="utf-8")


def test_background_is_in_the_prompt_only_when_asked(problems):
    problem = next(p for p in problems.values() if len(p.steps) == 2 and all(s.background.strip() for s in p.steps))
    code = _previous_code(problem, 1)
    with_bg = build_messages(problem, 1, code, True)
    without = build_messages(problem, 1, code, False)
    assert len(with_bg) == 1 and with_bg[0]["role"] == "user"  # no system message
    for step in problem.steps:
        assert step.background in with_bg[0]["content"]
        assert step.background not in without[0]["content"]
    assert "Background: " in without[0]["content"]  # the template asks the model to write one


def test_prompt_quotes_prefilled_code_after_the_prefilled_step(problems):
    problem = problems["62"]
    prompt = build_prompt(problem, 1, _previous_code(problem, 1), True)
    assert problem.prefilled[0] in prompt


# ---- extraction (extract_python_script of SciCode and NeMo-Skills) ----
# The expected strings are what NeMo-Skills 7205c43's own extract_python_script returns for these inputs
# (its `^\s*` also swallows the newline in front of an import at the top of the block).

@pytest.mark.parametrize(
    ("response", "code"),
    [
        ("Sure.\n```python\nimport numpy as np\nx = 1\n```\nmore\n```python\ny = 2\n```", "\nx = 1\n"),
        ("```\nfrom math import pi\nz = pi\n```", "\nz = pi\n"),
        ("no fence at all\nimport os\nw = 3", "no fence at all\n\nw = 3"),
        ("```python\n    import numpy as np\n    q = 1\n", "\n    q = 1\n"),  # unclosed fence: to the end
        ("text ```python\nfrom a import (b,\n c)\nv = 1```", "\n c)\nv = 1"),  # the reference regex is line-based
        ("```python\nimportant = 1\nfrom_x = 2\n```", "\nimportant = 1\nfrom_x = 2\n"),
        ("```js\nlet a\n```\n```python\nb = 1\n```", "\nb = 1\n"),  # the first python block wins
        ("", ""),
    ],
)
def test_extract_python_script(response, code):
    assert extract_python_script(response) == code


def test_extraction_of_a_real_answer(problems):
    step = problems["29"].steps[1]
    answer = f"```python\n# Background: inner products\nimport numpy as np\n\n{step.ground_truth_code}\n```"
    code = extract_python_script(answer)
    assert "import" not in code and step.ground_truth_code.replace("import numpy as np", "") .strip() in code


def test_dev_rows_round_trip_through_json(scicode_dir):
    first = json.loads((scicode_dir / "problems_dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["problem_id"] == "10" and len(first["sub_steps"]) == 11


def test_shared_files_are_the_published_ones(scicode_dir):
    from evals.scicode.data import files_match_reference

    assert files_match_reference(find_split_files(scicode_dir, "test_aai")) == {"dev": True, "test": True}


def test_task_loader_checks_targets_first(scicode_dir, tmp_path):
    from evals.scicode.options import SciCodeOptions
    from evals.scicode.targets import TargetsUnavailable
    from evals.scicode.task import load

    with pytest.raises(TargetsUnavailable, match="where|Google Drive"):
        load(scicode_dir, SciCodeOptions(targets_cache_dir=str(tmp_path / "empty")))
    import h5py

    with h5py.File(tmp_path / "t.h5", "w") as f:
        f["1.1/test1/var1"] = 1.0
    dataset = load(scicode_dir, SciCodeOptions(targets_path=str(tmp_path / "t.h5")))
    assert len(dataset.items) == 80 and dataset.notes["num_subtasks"] == 338
    assert dataset.notes["prefilled_steps"] == ["13.6", "62.1", "76.3"]
    assert dataset.notes["files_match_published"] == {"dev": True, "test": True}
    assert [p.id for p in dataset.items][:3] == ["10", "1", "3"]
