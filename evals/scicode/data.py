"""Loading SciCode problems (validation + test) and the three steps the reference pre-fills."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterable

from evals.scicode.records import SciCodeProblem, SciCodeStep

SPLIT_FILES = {"dev": "problems_dev.jsonl", "test": "problems_test.jsonl"}
# NeMo-Skills' split names: test_aai = dev followed by test (dataset/scicode/prepare.py).
SPLITS = {"dev": ("dev",), "validation": ("dev",), "test": ("test",), "test_aai": ("dev", "test")}

PREFILLED_DIR = Path(__file__).with_name("prefilled")
# (problem_id, 0-based step index): the steps SciCode and NeMo-Skills never generate.
PREFILLED_STEPS = {("13", 5): "13.6", ("62", 0): "62.1", ("76", 2): "76.3"}
# sha256 of the code NeMo-Skills 7205c43 hard-codes for them (scicode_utils.prefilled_steps_code):
# the prompts of later steps quote it, so it must be the same text character for character.
PREFILLED_SHA256 = {
    "13.6": "8913e2873c2279082e9d293f4de49c5d9716a133ff207b591a3e2597f25e466c",
    "62.1": "8f622de83adde9a9cf535125a87690ca6bbd5c63dffb231bc4a1f59f835617d9",
    "76.3": "ff372b004368f5e2dfa3133ea9c9d285b53776360dbabd77f09b9aac34f16cc1",
}

# sha256 of the problem files as SciCode published them (SciCode git a005915 eval/data/, identical to
# the hub's SciCode1/SciCode problems_{dev,test}.jsonl): a different file means the dataset changed.
REFERENCE_SHA256 = {
    "dev": "193968aff23b7ed931c8f6d196b611e2f6694adb49e6cc085444a60ad2fc4f7b",
    "test": "38797fef78f434720be6d053b4f3a86839d6f8ea5fb9115450677cd3a6edf81d",
}

_STEP_KEYS = ("step_number", "step_description_prompt", "step_background", "function_header",
              "return_line", "test_cases")
_PROBLEM_KEYS = ("problem_id", "problem_name", "required_dependencies", "sub_steps")


class SciCodeDataError(ValueError):
    """A problems file or pre-filled step file is not in the expected format."""


def function_name(header: str) -> str:
    """The function (or class) a step header defines, as SciCode's extract_function_name finds it."""
    match = re.search(r"\bdef\s+(\w+)\s*\(", header) or re.search(r"\bclass\s+(\w+)\s*\(", header)
    if match is None:
        raise SciCodeDataError(f"no function or class name in step header {header[:80]!r}")
    return match.group(1)


def prefilled_code(source: str, name: str) -> str:
    """The reference code of a pre-filled step as NeMo-Skills quotes it.

    SciCode takes `ast.unparse` of the first function or class called `name` in the step's file
    (breadth-first, as ast.walk goes); NeMo-Skills' hard-coded copy of that text has no trailing
    whitespace on its lines, so neither has ours.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return "\n".join(line.rstrip() for line in ast.unparse(node).split("\n")).strip()
    raise SciCodeDataError(f"{name!r} is not defined in the pre-filled step file")


def _step(raw: Any, where: str) -> SciCodeStep:
    if not isinstance(raw, dict):
        raise SciCodeDataError(f"{where}: a sub_step must be an object, got {type(raw).__name__}")
    missing = [k for k in _STEP_KEYS if k not in raw]
    if missing:
        raise SciCodeDataError(f"{where}: sub_step lacks {missing}")
    tests = raw["test_cases"]
    if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
        raise SciCodeDataError(f"{where}: test_cases must be a list of strings")
    return SciCodeStep(
        step_number=str(raw["step_number"]),
        description=raw["step_description_prompt"],
        background=raw["step_background"] or "",
        function_header=raw["function_header"],
        return_line=raw["return_line"],
        test_cases=tuple(tests),
        ground_truth_code=raw.get("ground_truth_code"),
    )


def parse_problem(raw: Any, split: str, where: str) -> SciCodeProblem:
    """One jsonl row as a SciCodeProblem; the pre-filled steps are attached by attach_prefilled."""
    if not isinstance(raw, dict):
        raise SciCodeDataError(f"{where}: expected a JSON object")
    missing = [k for k in _PROBLEM_KEYS if k not in raw]
    if missing:
        raise SciCodeDataError(f"{where}: row lacks {missing}")
    if not isinstance(raw["sub_steps"], list) or not raw["sub_steps"]:
        raise SciCodeDataError(f"{where}: sub_steps must be a non-empty list")
    pid = str(raw["problem_id"])
    steps = tuple(_step(s, f"{where} (problem {pid}, sub_step {i + 1})") for i, s in enumerate(raw["sub_steps"]))
    return SciCodeProblem(id=pid, name=raw["problem_name"], split=split,
                          required_dependencies=raw["required_dependencies"], steps=steps)


def attach_prefilled(problem: SciCodeProblem, prefilled_dir: Path = PREFILLED_DIR) -> SciCodeProblem:
    """Give a problem the reference code of its pre-filled steps (13.6, 62.1, 76.3), checked against NeMo-Skills."""
    filled: dict[int, str] = {}
    for (pid, index), step_number in PREFILLED_STEPS.items():
        if pid != problem.id:
            continue
        if index >= len(problem.steps) or problem.steps[index].step_number != step_number:
            raise SciCodeDataError(f"problem {pid}: expected step {step_number} at position {index + 1}")
        path = prefilled_dir / f"{step_number}.txt"
        code = prefilled_code(path.read_text(encoding="utf-8"), function_name(problem.steps[index].function_header))
        digest = hashlib.sha256(code.encode()).hexdigest()
        if digest != PREFILLED_SHA256[step_number]:
            raise SciCodeDataError(
                f"{path}: the pre-filled code of step {step_number} differs from NeMo-Skills' copy "
                f"(sha256 {digest}); ast.unparse of this Python may differ from the reference's"
            )
        filled[index] = code
    return SciCodeProblem(id=problem.id, name=problem.name, split=problem.split,
                          required_dependencies=problem.required_dependencies, steps=problem.steps,
                          prefilled=filled)


def read_problems_file(path: Path, split: str) -> list[SciCodeProblem]:
    """All problems of one jsonl file, in file order."""
    problems = []
    with path.open("r", encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SciCodeDataError(f"{path}:{lineno}: not JSON ({exc})") from exc
            problems.append(attach_prefilled(parse_problem(raw, split, f"{path}:{lineno}")))
    return problems


def find_split_files(data_dir: Path, split: str) -> list[tuple[str, Path]]:
    """The local files of a split: <data_dir>/problems_*.jsonl or <data_dir>/scicode/problems_*.jsonl."""
    if split not in SPLITS:
        raise SciCodeDataError(f"unknown SciCode split {split!r}; expected one of {sorted(SPLITS)}")
    found = []
    for part in SPLITS[split]:
        candidates = [data_dir / SPLIT_FILES[part], data_dir / "scicode" / SPLIT_FILES[part]]
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            raise SciCodeDataError(f"no {SPLIT_FILES[part]} in {data_dir} or {data_dir / 'scicode'}")
        found.append((part, path))
    return found


def load_problems(files: Iterable[tuple[str, Path]]) -> tuple[list[SciCodeProblem], str]:
    """Problems of the given (split, path) files in order, and a sha256 over the files' bytes."""
    digest = hashlib.sha256()
    problems: list[SciCodeProblem] = []
    for part, path in files:
        digest.update(path.read_bytes())
        problems.extend(read_problems_file(path, part))
    seen: set[str] = set()
    for problem in problems:
        if problem.id in seen:
            raise SciCodeDataError(f"problem id {problem.id} appears twice")
        seen.add(problem.id)
    return problems, digest.hexdigest()


def files_match_reference(files: Iterable[tuple[str, Path]]) -> dict[str, bool]:
    """Per split part: whether its file is byte-identical to the published one (REFERENCE_SHA256)."""
    return {part: hashlib.sha256(path.read_bytes()).hexdigest() == REFERENCE_SHA256[part] for part, path in files}


def download_split_files(split: str, repo: str, revision: str) -> list[tuple[str, Path]]:
    """The split's files from the hub dataset (the files NeMo-Skills' prepare.py downloads)."""
    from huggingface_hub import hf_hub_download

    if split not in SPLITS:
        raise SciCodeDataError(f"unknown SciCode split {split!r}; expected one of {sorted(SPLITS)}")
    return [(part, Path(hf_hub_download(repo, SPLIT_FILES[part], repo_type="dataset", revision=revision)))
            for part in SPLITS[split]]
