"""Hub-format rows (livecodebench/code_generation_lite) of problems written for this suite.

Same fields, same string encodings as the hub's test*.jsonl: tests as JSON strings, private tests
base64(zlib(pickle(json))), metadata as a JSON string with func_name for LeetCode-style problems.
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.livecodebench.data import encode_private_tests

SUM_STARTER = ""
PAIR_STARTER = "class Solution:\n    def pairSum(self, nums: List[int], k: int) -> List[int]:\n        "


def row(
    qid: str,
    *,
    title: str,
    content: str,
    platform: str,
    date: str,
    difficulty: str,
    public: list[tuple[str, str]],
    private: list[tuple[str, str]],
    func_name: str | None = None,
    starter: str = "",
    plain_private: bool = False,
) -> dict:
    testtype = "functional" if func_name else "stdin"
    pub = [{"input": i, "output": o, "testtype": testtype} for i, o in public]
    priv = [{"input": i, "output": o, "testtype": testtype} for i, o in private]
    return {
        "question_title": title,
        "question_content": content,
        "platform": platform,
        "question_id": qid,
        "contest_id": qid.split("_")[0],
        "contest_date": date,
        "starter_code": starter,
        "difficulty": difficulty,
        "public_test_cases": json.dumps(pub),
        "private_test_cases": json.dumps(priv) if plain_private else encode_private_tests(priv),
        "metadata": json.dumps({"func_name": func_name} if func_name else {}),
    }


SUM_ROW = row(
    "abc901_a",
    title="Sum of Numbers",
    content="You are given N integers A_1, ..., A_N.\nPrint their sum.\n\nInput\n\nN\nA_1 A_2 ... A_N\n\nOutput\n\nPrint the answer.\n\nSample Input 1\n\n3\n1 2 3\n\nSample Output 1\n\n6",
    platform="atcoder",
    date="2024-07-06T00:00:00",
    difficulty="easy",
    public=[("3\n1 2 3\n", "6\n")],
    private=[("2\n10 -4\n", "6\n"), ("1\n7\n", "7\n"), ("5\n1 1 1 1 1\n", "5\n")],
)
PAIR_ROW = row(
    "3901",
    title="pair-with-sum",
    content="Given an integer array nums and an integer k, return the first pair [a, b] (a before b) with a + b == k, or [] if none exists.\n \nExample 1:\n\nInput: nums = [1,2,3,4], k = 5\nOutput: [1,4]",
    platform="leetcode",
    date="2024-11-16T00:00:00",
    difficulty="medium",
    public=[("[1, 2, 3, 4]\n5", "[1, 4]")],
    private=[("[5, 5]\n10", "[5, 5]"), ("[0, -1, 1]\n0", "[-1, 1]"), ("[1, 2]\n10", "[]")],
    func_name="pairSum",
    starter=PAIR_STARTER,
)
HARD_ROW = row(  # plain-JSON private tests (the older hub rows): decoded by json.loads first
    "1999_C",
    title="Maximum of Prefix",
    content="Given N and a sequence, print the maximum prefix sum (0 for the empty prefix).",
    platform="codeforces",
    date="2024-12-31T23:59:59",
    difficulty="hard",
    public=[("4\n1 -2 3 -1\n", "2\n")],
    private=[("3\n-1 -1 -1\n", "0\n")],
    plain_private=True,
)
OUTSIDE_BEFORE = row(
    "abc800_b", title="Too early", content="x", platform="atcoder", date="2024-06-30T23:59:59",
    difficulty="easy", public=[("1\n", "1\n")], private=[("2\n", "2\n")],
)
OUTSIDE_AFTER = row(
    "abc950_c", title="Too late", content="x", platform="atcoder", date="2025-01-01T00:00:00",
    difficulty="medium", public=[("1\n", "1\n")], private=[("2\n", "2\n")],
)

#: file -> rows, laid out like the hub repo; release_v5 = test.jsonl .. test5.jsonl.
LAYOUT: dict[str, list[dict]] = {
    "test.jsonl": [OUTSIDE_BEFORE],
    "test2.jsonl": [],
    "test3.jsonl": [SUM_ROW],
    "test4.jsonl": [PAIR_ROW],
    "test5.jsonl": [HARD_ROW, OUTSIDE_AFTER],
    "test6.jsonl": [row(
        "abc990_a", title="v6 only", content="x", platform="atcoder", date="2025-03-01T00:00:00",
        difficulty="easy", public=[("1\n", "1\n")], private=[("2\n", "2\n")],
    )],
}

#: Reference solutions of the fixture problems in the split (passing all tests).
SOLUTIONS = {
    "abc901_a": "n = int(input())\nprint(sum(map(int, input().split())))\n",
    "3901": "class Solution:\n    def pairSum(self, nums, k):\n        for i, a in enumerate(nums):\n            for b in nums[i + 1:]:\n                if a + b == k:\n                    return [a, b]\n        return []\n",
    "1999_C": "n = int(input())\nbest = cur = 0\nfor v in map(int, input().split()):\n    cur += v\n    best = max(best, cur)\nprint(best)\n",
}


def write_hub_dir(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, rows in LAYOUT.items():
        with open(root / name, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
    return root
