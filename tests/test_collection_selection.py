"""`-k` that names benchmarks keeps the others' test modules from being imported at all (their imports
cost start-up), while every item it could select is still collected. (Only the benchmark packages'
empty `__init__` may be imported, by the check of which benchmarks are built.)"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.evalrun import REPO
from tests.test_mmlu_pro import FIXTURE_DATA

PROBE = """
import json, sys, pytest
code = pytest.main(["evals", "--collect-only", "-q", "-p", "no:cacheprovider", "--data-dir", sys.argv[1], "-k", sys.argv[2]])
print(json.dumps(sorted({m.split(".")[1] for m in sys.modules if m.startswith("evals.") and m.count(".") >= 2 and ".common." not in m})))
"""


def collect(keyword: str) -> tuple[list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(FIXTURE_DATA), keyword], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_k_naming_one_benchmark_imports_only_its_modules():
    imported, output = collect("mmlu_pro")
    assert imported == ["mmlu_pro"], output
    assert "43 tests collected" in output, output


def test_k_that_could_match_an_item_id_imports_everything():
    imported, output = collect("mmlu_pro or 70-r0")
    assert {"mmlu_pro", "gpqa", "bfcl", "ifbench", "hle"} <= set(imported), output


def test_k_excluding_one_benchmark_skips_only_that_one():
    imported, output = collect("not hle")
    assert "hle" not in imported and {"mmlu_pro", "gpqa", "bfcl", "ifbench"} <= set(imported), output
