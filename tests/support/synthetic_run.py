"""A synthetic finished run folder of any size, for the viewer's tests and scripts/bench_viewer.py.

Samples follow the shapes the real writers and scorers produce (fixtures/runstate.py write_sample,
evals/*/score.py verdict.details): MMLU-Pro style multiple choice, BFCL single- and multi-turn tool
calls, LiveCodeBench programs with per-test outcomes, SciCode steps, HLE judge replies and IFBench
instruction verdicts; long reasoning on request. Nothing here is real benchmark data.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Callable

TASK_MIX = ["mmlu_pro", "bfcl_v3", "livecodebench", "scicode", "hle", "ifbench"]
HOSTILE_ANSWER = '<script>window.__evals_pwned = "script"</script><img src="x" onerror="window.__evals_pwned = \'img\'"> Answer: \\boxed{C}'


def _generation(prompt: str, content: str, reasoning: str, rng: random.Random, truncated: bool = False) -> dict[str, Any]:
    tokens = rng.randint(20, 4000)
    return {"request": {"messages": [{"role": "user", "content": prompt}]}, "content": content, "reasoning": reasoning or None,
            "tool_calls": None, "finish_reason": "length" if truncated else "stop",
            "usage": {"prompt_tokens": 200, "completion_tokens": tokens}, "truncated": truncated, "cached": False,
            "latency_s": round(rng.uniform(0.5, 40.0), 3)}


def _verdict(correct: bool, extracted: Any, expected: Any, reason: str, subsets: dict[str, str], details: dict[str, Any] | None = None,
             scores: dict[str, float] | None = None) -> dict[str, Any]:
    return {"correct": correct, "extracted": extracted, "expected": expected, "reason": reason, "scores": scores or {},
            "subsets": subsets, "details": details or {}}


def mmlu_pro(n: int, repeat: int, rng: random.Random, reasoning: str) -> dict[str, Any]:
    expected = "ABCDEFGHIJ"[n % 10]
    roll = rng.random()
    if n == 3 and repeat == 0:
        content = HOSTILE_ANSWER
    elif roll < 0.1:
        content = "I cannot tell."
    else:
        content = f"Answer: \\boxed{{{expected if roll < 0.7 else 'ABCDEFGHIJ'[(n + 3) % 10]}}}"
    extracted = None if content == "I cannot tell." else content[-2]
    gen = _generation(f"Question {n}: which option? (synthetic)", content, reasoning, rng, truncated=roll > 0.97)
    verdict = _verdict(extracted == expected, extracted, expected, f"expected {expected}, extracted {extracted}",
                       {"category": ["law", "math", "physics", "biology"][n % 4]})
    return {"generation": gen, "verdict": verdict}


def bfcl_v3(n: int, repeat: int, rng: random.Random, reasoning: str) -> dict[str, Any]:
    if n % 2:  # multi-turn: steps per turn with their results, ground truth per turn
        turns = [[{"calls": [f"cd(folder='docs{t}')"], "text": "", "results": ["{\"current_working_directory\": \"docs\"}"]}] for t in range(2)]
        gens = [_generation(f"turn {t} of case {n}", "", reasoning, rng) for t in range(2)]
        truth = [[f"cd(folder='docs{t}')"] for t in range(2)] if rng.random() < 0.6 else [["cd(folder='docs0')"], ["ls()"]]
        correct = truth == [[f"cd(folder='docs{t}')"] for t in range(2)]
        details = {} if correct else {"error_type": "multi_turn:instance_state_mismatch", "differences": {"_current_dir": {"model": "docs1", "ground_truth": "docs0"}}}
        verdict = _verdict(correct, json.dumps([s[0]["calls"] for s in turns]), json.dumps(truth),
                           "state and responses match" if correct else "multi_turn:instance_state_mismatch: turn 2",
                           {"category": "multi_turn_base"}, details)
        return {"generation": {"turns": turns, "force_quit": False, "out_of_context": False, "generations": gens}, "verdict": verdict}
    calls = [{"get_weather": {"city": "Paris" if rng.random() < 0.7 else "Lyon"}}]
    correct = calls[0]["get_weather"]["city"] == "Paris"
    gen = _generation(f"What is the weather in Paris? (case {n})", "", reasoning, rng)
    gen["tool_calls"] = [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": json.dumps(calls[0]["get_weather"])}}]
    details = {"decoded": calls, "decode_error": None, "error_type": "" if correct else "value_error:string", "errors": [] if correct else ["Invalid value for parameter 'city'"]}
    verdict = _verdict(correct, calls, [{"get_weather": {"city": ["Paris"]}}], "calls match the possible answers" if correct else "value_error:string",
                       {"category": "simple_python", "group": "non_live"}, details)
    return {"generation": gen, "verdict": verdict}


def livecodebench(n: int, repeat: int, rng: random.Random, reasoning: str) -> dict[str, Any]:
    results = [1] * rng.randint(1, 5) + ([] if rng.random() < 0.5 else [-2])
    passed = all(r > 0 for r in results)
    program = "n = int(input())\nprint(n * 2)\n"
    gen = _generation(f"Write a program for problem {n}.", f"```python\n{program}```", reasoning, rng)
    details = {"status": "passed" if passed else "wrong_answer", "results": results, "tests": len(results) + 2 * (not passed),
               "metadata": {} if passed else {"error_message": "Wrong Answer", "expected": "4", "output": "5"}, "code": program, "exec_wall_s": 0.2}
    verdict = _verdict(passed, None, None, "passed all tests" if passed else "wrong_answer at test 2", {"difficulty": ["easy", "medium", "hard"][n % 3]}, details)
    return {"generation": gen, "verdict": verdict}


def scicode(n: int, repeat: int, rng: random.Random, reasoning: str) -> dict[str, Any]:
    steps = [{"step_number": f"{n}.{k}", "passed": rng.random() < 0.6, "status": "", "exit_code": 0, "stderr_tail": ""} for k in (1, 2)]
    for step in steps:
        step["status"] = "passed" if step["passed"] else "failed"
        step["exit_code"] = 0 if step["passed"] else 1
        step["stderr_tail"] = "" if step["passed"] else "AssertionError"
    gens = [_generation(f"step {s['step_number']}", "```python\ndef f(x):\n    return x\n```", reasoning, rng) for s in steps]
    passed = sum(s["passed"] for s in steps)
    generation = {"problem_id": str(n), "steps": [{"index": k, "step_number": s["step_number"], "status": "generated", "code": "def f(x):\n    return x\n", "solution": ""}
                                                  for k, s in enumerate(steps)], "generations": gens}
    details = {"subtasks_passed": passed, "subtasks_total": len(steps), "steps": steps}
    verdict = _verdict(passed == len(steps), f"{passed}/{len(steps)}", f"{len(steps)}/{len(steps)}", f"{passed}/{len(steps)} steps pass",
                       {"num_steps": str(len(steps))}, details, {"subtask_fraction": passed / len(steps)})
    return {"generation": generation, "verdict": verdict}


def hle(n: int, repeat: int, rng: random.Random, reasoning: str) -> dict[str, Any]:
    correct = rng.random() < 0.2
    gen = _generation(f"Hard question {n} (synthetic).", "Explanation: ...\nExact Answer: 42\nConfidence: 80%", reasoning, rng)
    reply = f"extracted_final_answer: 42\nreasoning: the answer {'matches' if correct else 'differs from'} 41\ncorrect: {'yes' if correct else 'no'}\nconfidence: 80"
    details = {"judge_style": "nemo_skills", "judge_extracted_answer": "42", "judge_reasoning": "compared with the expected answer",
               "judge_replies": [reply], "judge_attempts": 1, "judge_unparseable": False, "confidence": 80, "confidence_source": "response",
               "answer_type": "exactMatch", "image_sent": False}
    verdict = _verdict(correct, gen["content"], "42" if correct else "41", "judge: correct" if correct else "judge: incorrect",
                       {"category": ["Math", "Physics"][n % 2]}, details, {"confidence": 0.8})
    return {"generation": gen, "verdict": verdict}


def ifbench(n: int, repeat: int, rng: random.Random, reasoning: str) -> dict[str, Any]:
    ids = ["count:word_count_range", "format:no_commas"]
    flags = [(rng.random() < 0.7, rng.random() < 0.8) for _ in ids]
    gen = _generation(f"Write 50 words without commas (prompt {n}).", "A short text, with a comma.", reasoning, rng)
    instructions = [{"id": i, "strict": s, "loose": s or loose} for i, (s, loose) in zip(ids, flags)]
    details = {"key": n, "instructions": instructions, "truncated": False}
    loose_all = all(i["loose"] for i in instructions)
    flags_text = ";".join(f"{i['id']}={int(i['strict'])}{int(i['loose'])}" for i in instructions)  # evals/ifbench/score.py encode_flags
    verdict = _verdict(loose_all, flags_text, ids,
                       "all instructions followed" if loose_all else "not followed: " + ", ".join(i["id"] for i in instructions if not i["loose"]),
                       {"instructions": "+".join(ids)}, details, {"prompt_loose": float(loose_all)})
    return {"generation": gen, "verdict": verdict}


MAKERS: dict[str, Callable[[int, int, random.Random, str], dict[str, Any]]] = {
    "mmlu_pro": mmlu_pro, "bfcl_v3": bfcl_v3, "livecodebench": livecodebench, "scicode": scicode, "hle": hle, "ifbench": ifbench}


def _results(task: str, cases: int, items: int, repeats: int, correct: int) -> dict[str, Any]:
    value = 100.0 * correct / max(1, cases)
    return {"task": task, "title": f"{task} (synthetic)", "model": "synthetic-model", "endpoint": "http://127.0.0.1:1/v1/chat/completions",
            "repeats": repeats, "dataset": {"source": "synthetic", "revision": "none", "items": items},
            "cases": {"total": cases, "scored": cases, "correct": correct, "errors": 0, "scoring_failures": 0, "unextracted": 0, "truncated": 0},
            "headline": {"metric": f"pass@1[avg-of-{repeats}]", "score": "accuracy", "value": value, "stderr": 1.0, "ci95": [value - 1.96, value + 1.96]},
            "metrics": {}, "subsets": {}, "model_card": None}


def write_synthetic_run(folder: Path, cases: int, repeats: int = 4, reasoning_chars: int = 0, tasks: list[str] | None = None,
                        errors_every: int = 97, seed: int = 0) -> Path:
    """A run folder with `cases` cases spread over `tasks` (each item at `repeats` repeats); returns the folder."""
    rng = random.Random(seed)
    tasks = tasks or TASK_MIX
    words = [("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))) for _ in range(4000)]
    blob = " ".join(rng.choice(words) for _ in range(max(1, reasoning_chars // 5) + 5000))
    folder.mkdir(parents=True, exist_ok=True)
    share = [cases // len(tasks) + (1 if k < cases % len(tasks) else 0) for k in range(len(tasks))]
    summary_tasks = {}
    for task, count in zip(tasks, share):
        task_dir = folder / task
        task_dir.mkdir(exist_ok=True)
        correct = 0
        with open(task_dir / "samples.jsonl", "w", encoding="utf-8") as out:
            for case in range(count):
                n, repeat = divmod(case, repeats)
                start = rng.randrange(0, max(1, len(blob) - reasoning_chars))
                reasoning = blob[start: start + reasoning_chars]
                line: dict[str, Any] = {"index": n, "task": task, "item": f"{task}-{n:05d}", "repeat": repeat}
                if errors_every and case % errors_every == errors_every - 1:
                    line.update({"generation": None, "verdict": None, "error": "endpoint error: HTTP 500 from http://127.0.0.1:1/v1 (synthetic)"})
                else:
                    line.update(MAKERS[task](n, repeat, rng, reasoning))
                    correct += bool(line["verdict"]["correct"])
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        results = _results(task, count, -(-count // repeats), repeats, correct)
        (task_dir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        summary_tasks[task] = {"headline": results["headline"], "model_card": None, "items": results["dataset"]["items"], "cases": results["cases"]}
    summary = {"run_id": folder.name, "model": "synthetic-model", "endpoint": "http://127.0.0.1:1/v1/chat/completions", "tasks": summary_tasks, "not_run": {}, "gate": None}
    (folder / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return folder
