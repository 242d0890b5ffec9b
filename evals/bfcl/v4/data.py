"""Loading the v4-only categories from a bfcl-eval 2026.3.23 data folder (`bfcl_eval/data`).

- web_search_base / web_search_no_snippet: the same 100 questions (BFCL_v4_web_search.json), ids
  `web_search_base_<n>` / `web_search_no_snippet_<n>`, with `possible_answer/` ground truth.
- memory_kv / memory_vector / memory_rec_sum: the same 155 questions (BFCL_v4_memory.json), ids
  `memory_kv_<n>-<scenario>-<k>` ..., plus each scenario's prerequisite conversations
  (`memory_prereq_conversation/memory_<scenario>.json`, ids `memory_kv_prereq_<n>-<scenario>-<k>`).
- format_sensitivity: see format_sensitivity.py.

As the reference prepares them: the agentic answer-format system prompt is put first in every
question (not in the prerequisite conversations), the tools are the class's function docs from
`multi_turn_func_doc/` with the Python hint appended to each description.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.bfcl.v4.prompts import AGENTIC_RESPONSE_FORMAT
from evals.bfcl.data import BfclDataError, read_jsonl

WEB_SEARCH_CATEGORIES = ("web_search_base", "web_search_no_snippet")
MEMORY_CATEGORIES = ("memory_kv", "memory_vector", "memory_rec_sum")
AGENTIC_CATEGORIES = WEB_SEARCH_CATEGORIES + MEMORY_CATEGORIES
MEMORY_SCENARIOS = ("student", "customer", "finance", "healthcare", "notetaker")

FUNC_DOC_FILES = {
    "WebSearchAPI": "web_search.json",
    "MemoryAPI_kv": "memory_kv.json",
    "MemoryAPI_vector": "memory_vector.json",
    "MemoryAPI_rec_sum": "memory_rec_sum.json",
}
PYTHON_HINT = " Note that the provided function is in Python 3 syntax."


class BfclV4DataError(BfclDataError):
    """A BFCL v4 data file is missing or not in the expected form."""


@dataclass
class AgenticItem:
    id: str
    category: str
    turns: list[list[dict[str, Any]]]  # question turns as sent (agentic system prompt included)
    functions: list[dict[str, Any]]  # BFCL function docs (Python hint appended)
    involved_class: str
    ground_truth: list[str]
    scenario: str | None = None  # memory
    show_snippet: bool | None = None  # web search
    num_hops: int | None = None  # web search
    source: Any = None  # where the answer comes from (hops for web search, a quote for memory)
    data_folder: str | None = None  # memory: where the scenario's prerequisite conversations are


@dataclass
class PrereqConversation:
    """A memory scenario's conversation that writes the memory the questions are asked against."""

    id: str
    category: str
    scenario: str
    position: int  # 0 for the first of its scenario (starts from empty memory)
    topic: str
    turns: list[list[dict[str, Any]]]
    functions: list[dict[str, Any]] = field(repr=False, default_factory=list)


def data_folder(data_dir: Path | str) -> Path:
    """The folder holding BFCL_v4_*.json: `data_dir/bfcl/v4` (the ../shared/data layout) or `data_dir`."""
    data_dir = Path(data_dir)
    for candidate in (data_dir / "bfcl" / "v4", data_dir):
        if (candidate / "BFCL_v4_web_search.json").is_file():
            return candidate
    raise BfclV4DataError(
        f"no BFCL_v4_web_search.json in {data_dir / 'bfcl' / 'v4'} or {data_dir}: expected the bfcl_eval/data "
        "folder of bfcl-eval 2026.3.23"
    )




def function_docs(folder: Path, class_name: str) -> list[dict[str, Any]]:
    """The class's function docs with the Python hint appended to each description."""
    docs = read_jsonl(folder / "multi_turn_func_doc" / FUNC_DOC_FILES[class_name], key="name")
    for doc in docs:
        doc["description"] = doc["description"] + PYTHON_HINT
    return docs


def _with_agentic_prompt(turns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    turns = [list(turn) for turn in turns]  # new lists; the messages are only read (requests deep-copy them)
    turns[0].insert(0, {"role": "system", "content": AGENTIC_RESPONSE_FORMAT})
    return turns


def _answers(folder: Path, stem: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    path = folder / "possible_answer" / f"BFCL_v4_{stem}.json"
    answers = read_jsonl(path)
    if [a["id"] for a in answers] != [r["id"] for r in rows]:
        raise BfclV4DataError(f"{path}: ids do not match BFCL_v4_{stem}.json line by line")
    for answer in answers:
        truth = answer.get("ground_truth")
        if not isinstance(truth, list) or not all(isinstance(t, str) for t in truth):
            raise BfclV4DataError(f"{path}: {answer['id']}: 'ground_truth' must be a list of strings")
    return answers


def load_web_search(data_dir: Path | str, category: str) -> list[AgenticItem]:
    if category not in WEB_SEARCH_CATEGORIES:
        raise ValueError(f"not a web search category: {category!r}")
    folder = data_folder(data_dir)
    rows = read_jsonl(folder / "BFCL_v4_web_search.json")
    answers = _answers(folder, "web_search", rows)
    functions = function_docs(folder, "WebSearchAPI")
    return [
        AgenticItem(
            id=row["id"].replace("web_search", category),
            category=category,
            turns=_with_agentic_prompt(row["question"]),
            functions=list(functions),  # the docs are read-only: consumers copy before changing them
            involved_class="WebSearchAPI",
            ground_truth=answer["ground_truth"],
            show_snippet="no_snippet" not in category,
            num_hops=answer.get("num_hops"),
            source=answer.get("source"),
        )
        for row, answer in zip(rows, answers)
    ]


def _backend_class(category: str) -> str:
    if category not in MEMORY_CATEGORIES:
        raise ValueError(f"not a memory category: {category!r}")
    return f"MemoryAPI_{category[len('memory_'):]}"


def load_memory(data_dir: Path | str, category: str) -> list[AgenticItem]:
    class_name = _backend_class(category)
    folder = data_folder(data_dir)
    rows = read_jsonl(folder / "BFCL_v4_memory.json")
    answers = _answers(folder, "memory", rows)
    functions = function_docs(folder, class_name)
    items = []
    for row, answer in zip(rows, answers):
        if row.get("scenario") not in MEMORY_SCENARIOS:
            raise BfclV4DataError(f"BFCL_v4_memory.json: {row['id']}: unknown scenario {row.get('scenario')!r}")
        items.append(
            AgenticItem(
                id=row["id"].replace("memory", category),
                category=category,
                turns=_with_agentic_prompt(row["question"]),
                functions=list(functions),  # the docs are read-only: consumers copy before changing them
                involved_class=class_name,
                ground_truth=answer["ground_truth"],
                scenario=row["scenario"],
                source=answer.get("source"),
                data_folder=str(folder),
            )
        )
    return items


def load_prereqs(data_dir: Path | str, category: str) -> dict[str, list[PrereqConversation]]:
    """Each scenario's prerequisite conversations, in the order they must run."""
    class_name = _backend_class(category)
    folder = data_folder(data_dir)
    functions = function_docs(folder, class_name)
    out: dict[str, list[PrereqConversation]] = {}
    for scenario in MEMORY_SCENARIOS:
        path = folder / "memory_prereq_conversation" / f"memory_{scenario}.json"
        conversations = []
        for position, row in enumerate(read_jsonl(path)):
            if not row["id"].endswith(f"-{scenario}-{position}"):
                raise BfclV4DataError(f"{path}: entry {position} has id {row['id']!r}, expected ...-{scenario}-{position}")
            conversations.append(
                PrereqConversation(
                    id=row["id"].replace("memory", category),
                    category=category,
                    scenario=scenario,
                    position=position,
                    topic=row.get("topic", ""),
                    turns=row["question"],
                    functions=list(functions),  # the docs are read-only: consumers copy before changing them
                )
            )
        out[scenario] = conversations
    return out


def load_agentic(data_dir: Path | str, category: str) -> list[AgenticItem]:
    if category in WEB_SEARCH_CATEGORIES:
        return load_web_search(data_dir, category)
    return load_memory(data_dir, category)
