"""The gate's pieces without a server: statistics against scipy and by hand, composite headlines item by
item against the benchmarks' own aggregations, gate-file checks, row decisions, exit statuses, junit."""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from scipy import stats

from evals.bfcl import task_v3, task_v4
from evals.bfcl.v4.overall import ALL_SCORING_CATEGORIES
from evals.scicode.metrics import aggregate as scicode_aggregate
from fixtures import paired
from fixtures.compare import compare_quantity, noise_block
from fixtures.compare_report import junit_xml
from fixtures.config import ConfigError
from fixtures.gate import GateFile, GateRule, check_gate, evaluate_gate, evaluate_rows, load_gate
from fixtures.item_scores import ItemCases, Quantity, RunItems, from_records, from_samples, item_table
from fixtures.release import EXIT_INCONCLUSIVE, exit_status

# --- statistics -------------------------------------------------------------------------------


@pytest.mark.parametrize("df", [3, 8, 29, 197, 12031])
def test_t_quantiles_match_scipy(df: int) -> None:
    for p in (0.8, 0.975):
        assert paired.t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), abs=2e-4)


def test_exact_tests_match_scipy() -> None:
    assert paired.mcnemar_exact(10, 2) == pytest.approx(stats.binomtest(2, 12, 0.5).pvalue)
    assert paired.mcnemar_exact(0, 0) == 1.0
    d = np.array([1, 1, 1, 0, 1, -1, 1, 1, 0.5])
    assert paired.sign_test(d) == pytest.approx(stats.binomtest(1, 8, 0.5).pvalue)


def test_exact_permutation_test_by_enumeration() -> None:
    # 4 items, differences 1, 1, 1, -1: |sum| >= 2 in 10 of the 16 sign patterns
    assert paired.permutation_test(np.array([1.0, 1.0, 1.0, -1.0])) == pytest.approx(10 / 16)
    sampled = paired.permutation_test(np.r_[np.ones(30), -np.ones(10)])
    assert sampled == paired.permutation_test(np.r_[np.ones(30), -np.ones(10)])  # fixed seed: same p every time
    assert sampled == pytest.approx(stats.binomtest(10, 40, 0.5).pvalue, abs=0.003)  # +-1 differences: the sign test


def test_wilson_and_newcombe() -> None:
    lo, hi = paired.wilson_interval(0.7, 100)
    assert (lo, hi) == pytest.approx((0.6042, 0.7811), abs=1e-4)
    # no discordant items: the interval still has width (phi corrected as Altman et al. give it), and contains 0
    lo, hi = paired.newcombe_paired_interval(50, 0, 0, 50)
    assert -0.03 < lo < 0 < hi < 0.03
    # with phi = 0 (independent margins) it is Newcombe's square-and-add of two Wilson intervals
    a, b, c, d = 25, 25, 25, 25
    lo, hi = paired.newcombe_paired_interval(a, b, c, d)
    l1, u1 = paired.wilson_interval(0.5, 100)
    assert hi == pytest.approx(math.hypot(u1 - 0.5, 0.5 - l1))
    # vectorised over comparisons
    lo, hi = paired.newcombe_paired_interval(np.array([40, 40]), np.array([10, 2]), np.array([2, 10]), np.array([48, 48]))
    assert hi[0] < 0 < lo[1]


def test_stratified_standard_error_is_the_sum_over_strata() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=30)
    strata = np.array([0] * 10 + [1] * 20)
    weights = np.where(strata == 0, 0.6 / 10, 0.4 / 20)
    est = paired.weighted_estimate(x, weights, strata)
    expected = 0.6**2 * x[:10].var(ddof=1) / 10 + 0.4**2 * x[10:].var(ddof=1) / 20
    assert est.se == pytest.approx(math.sqrt(expected))
    assert est.value == pytest.approx(0.6 * x[:10].mean() + 0.4 * x[10:].mean())
    assert est.df == 28
    plain = paired.weighted_estimate(x)
    assert plain.se == pytest.approx(x.std(ddof=1) / math.sqrt(30))


def test_required_size_decides_at_the_observed_variance() -> None:
    diff, se, drop, items = -0.01, 0.012, 0.02, 198
    sizing = paired.required_size(diff, se, drop, items, within_var=0.00013, per_repeat_var=0.00013 * 8, df=items - 1)
    se_more_items = se * math.sqrt(items / sizing.items)
    assert diff - 1.972 * se_more_items > -drop  # GO at that size
    assert diff - 1.972 * se * math.sqrt(items / (sizing.items - 5)) <= -drop  # and not much sooner
    between = se**2 - 0.00013
    assert diff - 1.972 * math.sqrt(between + 0.00013 * 8 / sizing.repeats) > -drop
    assert diff - 1.972 * math.sqrt(between + 0.00013 * 8 / (sizing.repeats - 1)) <= -drop
    # most of the variance comes from the items: no number of repeats can decide
    assert paired.required_size(diff, se, drop, items, within_var=0.00001, per_repeat_var=0.00008, df=197).repeats is None


# --- items and composite headlines -------------------------------------------------------------


def record(item: str, repeat: int, correct: bool, index: int = 0, **verdict) -> dict:
    return {"case": {"item": item, "repeat": repeat, "index": index}, "verdict": {"correct": correct, "extracted": "A" if correct else "B", **verdict}}


def test_samples_resumed_twice_count_once_the_last_line() -> None:
    lines = [
        {"index": 0, "item": "q1", "repeat": 0, "verdict": {"correct": False}},
        {"index": 0, "item": "q1", "repeat": 0, "verdict": {"correct": True}},
        {"index": 1, "item": "q2", "repeat": 0, "verdict": None, "error": "endpoint error"},
    ]
    run = from_samples(lines)
    assert list(run.items) == ["q1"] and run.items["q1"].verdicts[0]["correct"] is True and run.unscored == 1


@pytest.mark.parametrize("task", ["bfcl_v3", "bfcl_v4"])
def test_bfcl_overall_item_by_item_equals_the_benchmark_formula(task: str) -> None:
    rng = random.Random(3)
    agentic = ("web_search_base", "web_search_no_snippet", "memory_kv", "memory_vector", "memory_rec_sum")
    categories = [c for c in ALL_SCORING_CATEGORIES if c not in agentic] if task == "bfcl_v3" else list(ALL_SCORING_CATEGORIES)
    records = []
    for c_index, category in enumerate(categories):
        for n in range(rng.randint(2, 9)):
            for repeat in range(2):
                records.append(record(f"{category}_{n}", repeat, rng.random() < 0.3 + 0.03 * c_index, subsets={"category": category}))
    module = task_v3 if task == "bfcl_v3" else task_v4
    expected = module.aggregate(records, 2, None)["headline"]["value"]
    q = Quantity(task, "overall_accuracy", "overall_accuracy" if task == "bfcl_v3" else None)
    table = item_table(q, list(from_records(records).items.values()))
    assert 100 * table.scale * float(table.values @ (table.weights / table.weights.sum())) == pytest.approx(expected)
    counted = [c for c in categories if task == "bfcl_v3" or c != "live_relevance"]  # v4 reports live_relevance, not counted
    assert table.strata is not None and len(set(table.strata)) == len(counted)
    partial = [r for r in records if r["verdict"]["subsets"]["category"] != "multi_turn_base"]  # a missing category counts 0
    expected = module.aggregate(partial, 2, None)["headline"]["value"]
    table = item_table(q, list(from_records(partial).items.values()))
    assert 100 * table.scale * float(table.values @ (table.weights / table.weights.sum())) == pytest.approx(expected)


def test_scicode_subtask_accuracy_weights_problems_by_their_steps() -> None:
    records = []
    for n, (steps, passed) in enumerate([(3, [3, 1]), (8, [2, 2]), (1, [0, 1]), (5, [5, 4])]):
        for repeat, k in enumerate(passed):
            records.append(record(f"p{n}", repeat, k == steps, subsets={"num_steps": str(steps)}, scores={"subtask_fraction": k / steps}))
    headline = scicode_aggregate(records, 2)["headline"]
    q = Quantity("scicode", headline["metric"], headline["score"])
    table = item_table(q, list(from_records(records).items.values()))
    assert 100 * float(table.values @ (table.weights / table.weights.sum())) == pytest.approx(headline["value"])
    noise = noise_block("scicode", headline, records)
    assert noise["items"] == 4 and noise["clustered_stderr"] > 0


def test_ifbench_prompt_loose_is_the_per_prompt_score() -> None:
    records = [record(f"k{n}", r, True, scores={"prompt_loose": float((n + r) % 3 == 0), "prompt_strict": 0.0}) for n in range(6) for r in range(2)]
    table = item_table(Quantity("ifbench", "pass@1[avg-of-2]", "prompt_loose"), list(from_records(records).items.values()))
    assert float(table.values.mean()) == pytest.approx(np.mean([float((n + r) % 3 == 0) for n in range(6) for r in range(2)]))


def test_ifbench_instruction_level_counts_instructions_clustered_by_prompt() -> None:
    from evals.ifbench.metrics import CaseResult, aggregate_cases

    rng = random.Random(5)
    cases, records = [], []
    for n in range(12):
        ids = tuple(f"cat:ins{j}" for j in range(1 + n % 4))
        for r in range(2):
            loose = tuple(rng.random() < 0.6 for _ in ids)
            cases.append(CaseResult(f"k{n}", r, ids, loose, loose))
            records.append(record(f"k{n}", r, all(loose), index=n, subsets={"instructions": "+".join(ids)},
                                  scores={"per_prompt_instruction_fraction_loose": sum(loose) / len(ids)}))
    expected = aggregate_cases(cases, 2)["pass@1[avg-of-2]"]["instruction_loose_accuracy"]
    table = item_table(Quantity("ifbench", "pass@1[avg-of-2]", "instruction_loose"), list(from_records(records).items.values()))
    assert 100 * float(table.values @ (table.weights / table.weights.sum())) == pytest.approx(expected)
    assert list(table.weights[:4]) == [1, 2, 3, 4]


def _run(correct: dict[str, list[bool]]) -> RunItems:
    items = {}
    for index, (item, values) in enumerate(correct.items()):
        entry = ItemCases(item, index)
        for repeat, value in enumerate(values):
            entry.verdicts[repeat] = {"correct": value, "extracted": "A" if value else "B", "expected": "A"}
        items[item] = entry
    return RunItems(items)


def test_one_binary_repeat_uses_mcnemar_and_lists_flips() -> None:
    base = _run({f"q{n}": [n < 80] for n in range(100)})
    cand = _run({f"q{n}": [n < 60 or 80 <= n < 82] for n in range(100)} | {"extra": [True]})
    entry = compare_quantity(Quantity("gpqa", "pass@1"), base, cand, max_drop=5.0)
    assert entry["test"] == "mcnemar_exact" and entry["interval"] == "newcombe"
    assert entry["discordant"] == {"worse": 20, "better": 2}
    assert entry["p_value"] == pytest.approx(stats.binomtest(2, 22, 0.5).pvalue, rel=1e-5)
    assert entry["difference"] == pytest.approx(-18.0) and entry["decision"] == "NO-GO"
    assert entry["flips"]["worse"][:3] == ["q60", "q61", "q62"] and entry["flips"]["better"] == ["q80", "q81"]
    assert entry["left_out"] == {"baseline_only": 0, "candidate_only": 1}
    assert entry["flip_details"]["worse"][0] == {"item": "q60", "expected": "A", "baseline": "A", "candidate": "B"}


def test_inconclusive_says_what_would_decide() -> None:
    base = _run({f"q{n}": [n % 2 == 0, n % 3 == 0, True, n % 5 == 0] for n in range(40)})
    cand = _run({f"q{n}": [n % 2 == 1, n % 3 == 1, True, n % 5 == 1] for n in range(40)})
    entry = compare_quantity(Quantity("aime2025", "pass@1[avg-of-4]"), base, cand, max_drop=1.0)
    assert entry["decision"] == "INCONCLUSIVE" and entry["test"] == "sign_flip_permutation"
    assert entry["to_decide"]["items"] > 40


# --- gate files and rows -----------------------------------------------------------------------


def gate(*rows: GateRule, **kw) -> GateFile:
    return GateFile(list(rows), path="g.yaml", **kw)


def test_check_gate_names_the_row() -> None:
    selected = {"gpqa": 8, "ifbench": 8}
    assert check_gate(gate(GateRule("gpqa", min=70), GateRule("ifbench", score="prompt_loose", metric="pass@1[avg-of-8]", min=69)), selected) is None
    cases = [
        (GateRule("gpqa", score="prompt_loose", min=1), "no score 'prompt_loose'"),
        (GateRule("gpqa", metric="pass@1", min=1), "8 repeat(s) reports no metric 'pass@1'"),
        (GateRule("gpqa", model_card=True), "no model-card value is configured for gpqa"),
        (GateRule("gpqa", max_drop=1.0), "pass --baseline DIR"),
        (GateRule("hle", min=1), "task 'hle' is not among the tasks this run scores (gpqa, ifbench)"),
    ]
    for rule, text in cases:
        problem = check_gate(gate(GateRule("gpqa", min=1), rule), selected, None, {"gpqa": False})
        assert problem.startswith("gate file g.yaml, row 2 (") and text in problem, problem
    problem = check_gate(gate(GateRule("ifbench", max_drop=1.0)), selected, {"gpqa"})
    assert "the baseline run has no ifbench" in problem
    problem = check_gate(gate(GateRule("gpqa", metric="no_answer", max_drop=1.0)), selected, {"gpqa"})
    assert "cannot be compared item by item" in problem


def test_check_gate_knows_each_benchmarks_names() -> None:
    """The names each benchmark reports (checked against real results.json in tests/test_shards_every_benchmark.py)."""
    selected = {"ifbench": 8, "livecodebench": 8, "scicode": 8, "bfcl_v3": 1}
    fine = [
        GateRule("ifbench", score="per_prompt_instruction_fraction_loose", min=60),  # renamed from instruction_loose
        GateRule("ifbench", score="instruction_loose", max_drop=1.0),  # IFBench's own count over instructions
        GateRule("scicode", score="problem_accuracy", metric="pass@8", max_drop=1.0),
        GateRule("bfcl_v3", score="overall_accuracy", max_drop=1.0),
        GateRule("bfcl_v3", metric="overall_accuracy", min=50),
    ]
    assert check_gate(gate(*fine), selected, set(selected)) is None
    for rule, text in [
        (GateRule("livecodebench", metric="majority@8", min=1), "no metric 'majority@8'"),  # code has no majority vote
        (GateRule("ifbench", score="instruction_loose", metric="pass@8", max_drop=1.0), "cannot be compared item by item"),
        (GateRule("scicode", score="subtask_fraction", metric="overall_accuracy", min=1), "no metric 'overall_accuracy'"),
    ]:
        problem = check_gate(gate(rule), selected, set(selected))
        assert problem is not None and text in problem, problem


def test_task_level_rows_read_task_metrics() -> None:
    res = results(70.0)
    res["headline"] = {"metric": "pass@1[avg-of-2]", "score": "prompt_loose", "value": 70.0}
    res["task_metrics"] = {"ifbench": {"pass@1[avg-of-2]": {"instruction_loose_accuracy": 81.5}}}
    held, lines = evaluate_gate(gate(GateRule("ifbench", score="instruction_loose", min=80.0)), {"ifbench": res})
    assert held and lines[-1] == "ok   ifbench: pass@1[avg-of-2] = 81.50 >= 80.0"
    v3 = results(0.0)
    v3["headline"] = {"metric": "overall_accuracy", "score": "overall_accuracy", "value": 55.0}
    v3["task_metrics"] = {"bfcl_v3": {"overall_accuracy": {"accuracy": 55.0}}}
    held, lines = evaluate_gate(gate(GateRule("bfcl_v3", metric="overall_accuracy", min=56.0)), {"bfcl_v3": v3})
    assert not held and lines[-1] == "FAIL bfcl_v3: overall_accuracy = 55.00 < 56.0"


def test_gate_file_errors(tmp_path) -> None:
    with pytest.raises(ConfigError, match="cannot read gate file"):
        load_gate(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("gates:\n  - {task: gpqa, max_drop: -1}\n")
    with pytest.raises(ConfigError, match="row 1 .*max_drop: expected a number >= 0"):
        load_gate(bad)
    bad.write_text("gates: []\non_inconclusive: maybe\n")
    with pytest.raises(ConfigError, match="on_inconclusive: expected fail or pass"):
        load_gate(bad)


def results(value: float, errors: int = 0, card: float | None = None, ci: list[float] | None = None) -> dict:
    return {
        "cases": {"total": 100, "errors": errors, "scoring_failures": 0},
        "headline": {"metric": "pass@1", "value": value},
        "metrics": {"accuracy": {"pass@1": value}},
        "model_card": None if card is None else {"value": card},
        "noise": None if ci is None else {"ci95": ci},
    }


def test_min_rows_keep_working() -> None:
    held, lines = evaluate_gate(gate(GateRule("gpqa", min=70.0, max_error_rate=0.01)), {"gpqa": results(71.0)})
    assert held and lines == ["ok   gpqa: error rate 0.0000 <= 0.01", "ok   gpqa: pass@1 = 71.00 >= 70.0"]
    held, lines = evaluate_gate(gate(GateRule("gpqa", min=70.0)), {"gpqa": results(69.19, errors=1)})
    assert not held and lines == ["FAIL gpqa: error rate 0.0100 > 0.0", "FAIL gpqa: pass@1 = 69.19 < 70.0"]


def test_model_card_rows() -> None:
    rule = GateRule("gpqa", model_card=True)
    inside = evaluate_rows(gate(rule), {"gpqa": results(71.0, card=73.0, ci=[68.0, 74.0])})[0]
    assert inside.decision == "GO" and "within or below" in inside.lines[-1]
    below = evaluate_rows(gate(rule), {"gpqa": results(71.0, card=60.0, ci=[68.0, 74.0])})[0]
    assert below.decision == "GO"
    above = evaluate_rows(gate(rule), {"gpqa": results(71.0, card=75.0, ci=[68.0, 74.0])})[0]
    assert above.decision == "NO-GO" and "above the candidate's 95% interval" in above.lines[-1]


def test_relative_rows_and_exit_statuses() -> None:
    comparison = {"decision": "INCONCLUSIVE", "metric": "pass@1", "difference": -0.5, "ci95": [-2.0, 1.0], "items": 198, "max_drop": 1.0}
    rows = evaluate_rows(gate(GateRule("gpqa", max_drop=1.0), GateRule("gpqa", min=60)), {"gpqa": results(71.0)}, {1: comparison})
    assert [r.decision for r in rows] == ["INCONCLUSIVE", "GO"] and "straddles" in rows[0].lines[-1]
    assert exit_status("INCONCLUSIVE") == EXIT_INCONCLUSIVE == 7
    assert exit_status("INCONCLUSIVE", "pass") == 0 and exit_status("NO-GO", "pass") == 1 and exit_status("GO") == 0
    xml = ET.fromstring(junit_xml([r.to_json() for r in rows], "fail"))
    assert xml.get("tests") == "2" and xml.get("failures") == "1"
    assert xml.findall("testcase")[0].find("failure").get("type") == "INCONCLUSIVE"
    xml = ET.fromstring(junit_xml([r.to_json() for r in rows], "pass"))
    assert xml.get("failures") == "0" and xml.findall("testcase")[0].find("skipped") is not None


def test_noise_block_by_hand() -> None:
    scores = {"a": [1, 1], "b": [1, 0], "c": [0, 0], "d": [0, 1], "e": [1, 1]}
    records = [record(item, r, bool(v), index=i) for i, (item, vs) in enumerate(scores.items()) for r, v in enumerate(vs)]
    noise = noise_block("gpqa", {"metric": "pass@1[avg-of-2]", "score": "accuracy"}, records)
    means = np.array([np.mean(v) for v in scores.values()])
    assert noise["clustered_stderr"] == pytest.approx(100 * means.std(ddof=1) / math.sqrt(5), abs=1e-3)
    within = sum(np.var(v, ddof=1) / 2 for v in scores.values()) / 25  # sum w^2 v_i / K_i, w = 1/5
    expected = (stats.t.ppf(0.975, 4) + stats.t.ppf(0.8, 4)) * math.sqrt(2 * within)
    assert noise["mde80"] == pytest.approx(100 * expected, rel=1e-3)
    assert noise["ci95"][0] < 60 < noise["ci95"][1] and noise["items"] == 5
    single = noise_block("mmlu_pro", {"metric": "pass@1", "score": "accuracy"}, [record(k, 0, bool(v[0])) for k, v in scores.items()])
    assert single["mde_basis"].startswith("one repeat")
