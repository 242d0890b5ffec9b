"""IFBench as the harness runs it: the raw prompt as the only user message, scored by the 58 checkers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from fixtures.tasks import ChatRequest, Dataset, Task

from evals.ifbench.data import IfbenchItem, IfbenchOptions, load_items
from evals.ifbench.metrics import CaseResult, aggregate_cases
from evals.ifbench.nltk_data import add_search_path, ensure_nltk_data
from evals.ifbench.score import parse_case_flags


def load(data_dir: Path | None, options: IfbenchOptions | None) -> Dataset:
    """The test prompts; first makes sure the NLTK data the checkers need is there (else a clear error)."""
    options = options or IfbenchOptions()
    if data_dir is not None:
        add_search_path(data_dir / "nltk_data")
    ensure_nltk_data(download=options.allow_download)
    items, loaded = load_items(data_dir, options)
    return Dataset(items=items, source=loaded.source, revision=loaded.revision, notes=loaded.notes)


def build_request(item: IfbenchItem, options: Any = None) -> ChatRequest:
    """NeMo-Skills' generic/default prompt: `user: "{question}"`, no system message."""
    return ChatRequest(messages=[{"role": "user", "content": item.prompt}])


def aggregate(records: list[dict[str, Any]], repeats: int, options: IfbenchOptions | Mapping[str, Any] | None) -> dict[str, Any]:
    """Instruction-level accuracy counted over instructions, pass@k as NeMo-Skills, per id and per category."""
    if isinstance(options, Mapping):  # the harness passes the task's raw `options:` section here
        options = IfbenchOptions(**options)
    options = options or IfbenchOptions()
    cases = []
    for record in records:
        ids, strict, loose = parse_case_flags(record["verdict"])
        cases.append(CaseResult(str(record["case"]["item"]), int(record["case"]["repeat"]), ids, strict, loose))
    metrics = aggregate_cases(cases, repeats)
    head = "pass@1" if repeats <= 1 else f"pass@1[avg-of-{repeats}]"
    return {
        "headline": {
            "metric": head,
            "score": options.headline,
            "value": metrics[head][f"{options.headline}_accuracy"],
        },
        "ifbench": metrics,
    }


TASK = Task(
    name="ifbench",
    title="IFBench",
    load=load,
    request=build_request,
    options_type=IfbenchOptions,
    aggregate=aggregate,
)
