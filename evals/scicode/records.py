"""Typed records of SciCode problems and of one case's step-by-step generation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SciCodeStep:
    """One sub-step of a problem as the dataset gives it."""

    step_number: str  # "13.6": the group name of its targets in test_data.h5
    description: str  # step_description_prompt
    background: str  # step_background
    function_header: str
    return_line: str
    test_cases: tuple[str, ...]
    ground_truth_code: str | None = None  # only the validation (dev) file carries it


@dataclass(frozen=True)
class SciCodeProblem:
    """A main problem: its steps in order and the code the reference pre-fills instead of generating."""

    id: str  # problem_id, e.g. "13"
    name: str
    split: str  # "dev" or "test"
    required_dependencies: str
    steps: tuple[SciCodeStep, ...]
    prefilled: dict[int, str] = field(default_factory=dict)  # 0-based step index -> reference code

    @property
    def scored_steps(self) -> list[int]:
        """0-based indices of the steps that are generated and executed (all but the pre-filled ones)."""
        return [i for i in range(len(self.steps)) if i not in self.prefilled]


@dataclass
class StepOutput:
    """What generation produced for one step."""

    index: int  # 0-based
    step_number: str
    status: str  # "generated" | "prefilled" | "out_of_context"
    code: str = ""  # extracted code (imports removed), or the pre-filled reference code
    solution: str = ""  # required_dependencies + earlier steps' code + this step's code


@dataclass
class SciCodeGeneration:
    """The result of one case's multi-step generation; `generations` lets the harness sum usage."""

    problem_id: str
    steps: list[StepOutput]
    generations: list[Any] = field(default_factory=list)  # fixtures.responses.Generation, one per request
