"""A bounded fault soak: 1,032 cases with 20% of attempts failing in every way a server fails, then the
same results.json metrics as a clean run."""

from __future__ import annotations

import random
import threading
from collections import Counter

from tests.support.evalrun import run_evals, write_config
from tests.support.loopback import Reply
from tests.test_mmlu_pro import FIXTURE_DATA, answer_book, scripted

FAULTS = ("500", "429", "drop", "timeout", "html", "not_a_completion")


def faulty(handler, rate: float, seed: int):
    rng = random.Random(seed)
    lock = threading.Lock()
    seen: Counter = Counter()

    def serve(body):
        with lock:
            fault = rng.choice(FAULTS) if rng.random() < rate else None
            seen[fault] += 1
        if fault == "500":
            return Reply({"error": {"message": "internal error"}}, status=500)
        if fault == "429":
            return Reply({"error": {"message": "slow down"}}, status=429, headers={"Retry-After": "0"})
        if fault == "drop":
            return Reply(drop=True)
        if fault == "timeout":
            return Reply(delay=6.0)  # longer than request_timeout: the client gives up and retries
        if fault == "html":
            return Reply(body=b"<html><body>502 Bad Gateway</body></html>")
        if fault == "not_a_completion":
            return Reply({"choices": []})
        return handler(body)

    return serve, seen


def test_twenty_percent_faults_of_every_kind_change_no_metric(loopback, tmp_path):
    book = answer_book()
    repeats = 24  # 43 items x 24 = 1,032 cases
    args = ["-k", "mmlu_pro", "--data-dir", str(FIXTURE_DATA)]
    settings = dict(parallelism=64, repeats=repeats, max_retries=12, request_timeout=2.0, retry_backoff=0.005, retry_backoff_max=0.02)

    loopback.handler = scripted(book)
    clean = run_evals([*args, "--config", str(write_config(tmp_path / "clean.yaml", loopback.url, **settings))], tmp_path / "clean")
    assert clean.returncode == 0, clean.stdout[-3000:] + clean.stderr[-2000:]
    clean_requests = loopback.count

    loopback.handler, seen = faulty(scripted(book), rate=0.2, seed=20)
    soak = run_evals([*args, "--config", str(write_config(tmp_path / "soak.yaml", loopback.url, **settings))], tmp_path / "soak")
    assert soak.returncode == 0, soak.stdout[-3000:] + soak.stderr[-2000:]
    assert set(FAULTS) <= set(seen) and sum(seen[f] for f in FAULTS) > 150
    assert seen[None] >= clean_requests  # every case got its answer in the end (a late one may be fetched twice)
    results, expected = soak.results("mmlu_pro"), clean.results("mmlu_pro")
    assert results["cases"]["total"] == len(book) * repeats and results["cases"]["errors"] == 0
    for key in ("headline", "cases", "metrics", "subsets", "errors"):
        assert results[key] == expected[key], key
    assert len(soak.samples("mmlu_pro")) == len(book) * repeats
