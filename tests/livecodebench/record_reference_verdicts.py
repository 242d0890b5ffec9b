"""Record the reference runner's verdicts on fidelity_cases.CASES (run by hand, not by pytest).

The reference is the `livecodebench` package NeMo-Skills 7205c43 installs
(git+https://github.com/wasiahmad/livecodebench.git@livecodebench, at 5927b61 on 2025-12-18). Unpack
it OUTSIDE this repository and point this script at it:

    git -C <mirror of wasiahmad/livecodebench> archive 5927b61 | tar -x -C /tmp/lcbref
    python tests/livecodebench/record_reference_verdicts.py /tmp/lcbref tests/livecodebench/reference_verdicts.json [NAME ...]

With names, only those programs are (re)recorded and merged into the existing file.

Each program goes through the reference's own pipeline for one generation,
`evaluate_generations_by_problem` (check_correctness in a child process, run_test, the global guard);
the file records the per-test results and whether the generation passed (`all(r > 0)`).
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(reference_dir: str, out_path: str, only: list[str]) -> None:
    """The reference prints to stdout itself (timeouts, programs' prints): the record goes to a file."""
    sys.path.insert(0, reference_dir)
    from livecodebench.evaluation.compute_code_generation_metrics import evaluate_generations_by_problem

    from tests.livecodebench.fidelity_cases import CASES, TIMEOUT_S, sample

    verdicts = json.loads(Path(out_path).read_text())["verdicts"] if only else {}
    for name, tests, code in CASES:
        if only and name not in only:
            continue
        results, metadata = evaluate_generations_by_problem([[code], sample(tests), False, TIMEOUT_S, "python"])
        codes = [1 if r is True else int(r) for r in results[0]]
        verdicts[name] = {"results": codes, "passed": all(r > 0 for r in codes), "error_code": metadata[0].get("error_code")}
        print(name, verdicts[name], file=sys.stderr)
    record = json.dumps(
        {
            "reference": "wasiahmad/livecodebench@5927b61 (branch livecodebench), evaluate_generations_by_problem",
            "python": platform.python_version(),
            "timeout_s": TIMEOUT_S,
            "verdicts": verdicts,
        },
        indent=1,
    )
    Path(out_path).write_text(record + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
