"""Programs whose verdicts the reference runner decided (see record_reference_verdicts.py).

Two problems written for this suite: ADD (stdin: a count then numbers, print their sum) and
PAIR_SUM (LeetCode style, `Solution().pairSum(nums, k)` returns the first pair summing to k).
Every program is run by the reference runner and by ours with the same per-test timeout (TIMEOUT_S,
smaller than the real 6 s only to keep the suite fast: the rule is the same).
"""

from __future__ import annotations

import json

TIMEOUT_S = 2

ADD = {
    "inputs": ["3\n1 2 3\n", "2\n10 -4\n", "1\n7\n"],
    "outputs": ["6\n", "6\n", "7\n"],
    "fn_name": None,
}
HALF = {  # print n / 2 as a float
    "inputs": ["1\n", "4\n"],
    "outputs": ["0.5\n", "2.0\n"],
    "fn_name": None,
}
THIRDS = {"inputs": ["1\n"], "outputs": ["0.3\n"], "fn_name": None}  # expects 0.3 for 0.1 + 0.2
PAIR_SUM = {
    "inputs": ["[1, 2, 3, 4]\n5", "[5, 5]\n10", "[0, -1, 1]\n0"],
    "outputs": ["[1, 4]", "[5, 5]", "[-1, 1]"],
    "fn_name": "pairSum",
}
SCALE = {"inputs": ["3\n2"], "outputs": ["6"], "fn_name": "scale"}  # scale(a, b) = a * b
ECHO = {"inputs": ['"ab"', '"c"'], "outputs": ['"ab"', '"c"'], "fn_name": "echo"}  # echo(s) = s
COUNT = {"inputs": ['"aab"'], "outputs": ['{"a": 2, "b": 1}'], "fn_name": "count"}  # letter counts
FLOAT_CALL = {"inputs": ["0.1\n0.2"], "outputs": ["0.3"], "fn_name": "add"}

_PAIR = """
class Solution:
    def pairSum(self, nums, k):
        seen = set()
        for i, a in enumerate(nums):
            for b in nums[i + 1:]:
                if a + b == k:
                    return {ret}
        return []
"""

ARRAY_PAIR = {"inputs": ["[1, 2, 3, 4]\n5", "[2, 9]\n11"], "outputs": ["[1, 4]", "[2, 9]"], "fn_name": "pairSum"}
FIRST_MATCHES = {"inputs": ["[1, 2, 3, 4]\n5"], "outputs": ["[1, 5]"], "fn_name": "pairSum"}
_NP_PAIR = "import numpy as np\nclass Solution:\n    def pairSum(self, nums, k):\n        a = np.array(nums)\n" \
    "        for i in range(len(a)):\n            for j in range(i + 1, len(a)):\n                if a[i] + a[j] == k:\n" \
    "                    return {ret}\n        return []\n"

# (name, tests, code)
CASES: list[tuple[str, dict, str]] = [
    ("stdin_input", ADD, "n = int(input())\nprint(sum(map(int, input().split())))\n"),
    ("stdin_readline", ADD, "import sys\nn = int(sys.stdin.readline())\nprint(sum(map(int, sys.stdin.readline().split())))\n"),
    ("stdin_read_all", ADD, "import sys\ndata = sys.stdin.read().split()\nprint(sum(map(int, data[1:])))\n"),
    ("stdin_read_after_input", ADD, "import sys\nn = int(input())\nrest = sys.stdin.read().split()\nprint(sum(map(int, rest)))\n"),
    ("stdin_readlines", ADD, "import sys\nlines = sys.stdin.readlines()\nprint(sum(map(int, lines[1].split())))\n"),
    ("stdin_iterate", ADD, "import sys\nrows = [line for line in sys.stdin]\nprint(sum(map(int, rows[1].split())))\n"),
    ("stdin_buffer_read", ADD, "import sys\ndata = sys.stdin.buffer.read().split()\nprint(sum(map(int, data[1:])))\n"),
    ("stdin_open0", ADD, "data = open(0).read().split()\nprint(sum(map(int, data[1:])))\n"),
    ("stdin_main_guard", ADD, "def main():\n    n = int(input())\n    print(sum(map(int, input().split())))\n\nif __name__ == \"__main__\":\n    main()\n"),
    ("stdin_main_guard_not_last", ADD, "def main():\n    n = int(input())\n    print(sum(map(int, input().split())))\n\nif __name__ == '__main__':\n    main()\nx = 1\n"),
    ("stdin_global_statement", ADD, "total = 0\ndef add(v):\n    global total\n    total += v\nn = int(input())\nfor v in map(int, input().split()):\n    add(v)\nprint(total)\n"),
    ("stdin_trailing_whitespace", ADD, "n = int(input())\nprint(str(sum(map(int, input().split()))) + '   ')\nprint()\nprint()\n"),
    ("stdin_extra_line", ADD, "n = int(input())\nprint(sum(map(int, input().split())))\nprint('done')\n"),
    ("stdin_wrong_answer", ADD, "n = int(input())\nprint(sum(map(int, input().split())) + 1)\n"),
    ("stdin_float_equal_decimal", HALF, "print(int(input()) / 2)\n"),
    ("stdin_float_two_digits", HALF, "print(f'{int(input()) / 2:.2f}')\n"),
    ("stdin_float_not_exact", THIRDS, "input()\nprint(0.1 + 0.2)\n"),
    ("stdin_float_rounded", THIRDS, "input()\nprint(round(0.1 + 0.2, 6))\n"),
    ("stdin_runtime_error", ADD, "n = int(input())\nprint(1 // 0)\n"),
    ("stdin_eof_error", ADD, "n = int(input())\ninput()\ninput()\nprint(0)\n"),
    ("stdin_timeout", ADD, "while True:\n    pass\n"),
    ("stdin_timeout_second_test", ADD, "n = int(input())\nvals = list(map(int, input().split()))\nwhile n == 2:\n    pass\nprint(sum(vals))\n"),
    ("stdin_exit_after_print", ADD, "import sys\nn = int(input())\nprint(sum(map(int, input().split())))\nsys.exit(0)\nprint('unreachable')\n"),
    ("stdin_quit", ADD, "n = int(input())\nprint(sum(map(int, input().split())))\nquit()\n"),
    ("stdin_os_getcwd", ADD, "import os\nos.getcwd()\nn = int(input())\nprint(sum(map(int, input().split())))\n"),
    ("stdin_stdout_write", ADD, "import sys\nn = int(input())\nsys.stdout.write(str(sum(map(int, input().split()))) + '\\n')\n"),
    ("stdin_stdout_buffer", ADD, "import sys\nn = int(input())\nsys.stdout.buffer.write(b'6\\n')\n"),
    ("stdin_stderr_debug", ADD, "import sys\nn = int(input())\nprint('debug', n, file=sys.stderr)\nprint(sum(map(int, input().split())))\n"),
    ("stdin_syntax_error", ADD, "n = int(input()\nprint(n)\n"),
    ("stdin_case_sensitive", {"inputs": ["1\n"], "outputs": ["Yes\n"], "fn_name": None}, "input()\nprint('YES')\n"),
    ("stdin_prelude_names", ADD, "n = int(input())\nprint(reduce(add, map(int, input().split())))\n"),
    ("stdin_deep_recursion", ADD, "def f(k):\n    return 0 if k == 0 else 1 + f(k - 1)\nn = int(input())\nf(20000)\nprint(sum(map(int, input().split())))\n"),
    ("stdin_empty_program", ADD, ""),
    ("stdin_mentions_class_solution", ADD, "# not a class Solution\nn = int(input())\nprint(sum(map(int, input().split())))\n"),
    ("stdin_input_alias_readline", ADD, "import sys\ninput = sys.stdin.readline\nn = int(input())\nprint(sum(map(int, input().split())))\n"),
    ("stdin_from_sys_import_stdin", ADD, "from sys import stdin\nn = int(stdin.readline())\nprint(sum(map(int, stdin.readline().split())))\n"),
    ("stdin_prelude_stdout_name", ADD, "n = int(input())\nstdout.write(str(sum(map(int, input().split()))) + '\\n')\n"),
    ("stdin_os_exit", ADD, "import os\nn = int(input())\nprint(sum(map(int, input().split())), flush=True)\nos._exit(0)\n"),
    ("stdin_thread_join", ADD, "import threading\ndef main():\n    n = int(input())\n    print(sum(map(int, input().split())))\nthreading.stack_size(1 << 26)\nt = threading.Thread(target=main)\nt.start()\nt.join()\n"),
    ("stdin_input_prompt", ADD, "n = int(input('n? '))\nprint(sum(map(int, input().split())))\n"),
    ("call_class_solution", PAIR_SUM, _PAIR.format(ret="[a, b]")),
    ("call_tuple_result", PAIR_SUM, _PAIR.format(ret="(a, b)")),
    ("call_nested_tuple", {"inputs": ["[1, 2, 3, 4]\n5"], "outputs": ["[[1, 4]]"], "fn_name": "pairSum"}, _PAIR.format(ret="[(a, b)]")),
    ("call_wrong_answer", PAIR_SUM, _PAIR.format(ret="[b, a]")),
    ("call_runtime_error", PAIR_SUM, _PAIR.format(ret="[a, b][2]")),
    ("call_timeout", PAIR_SUM, "class Solution:\n    def pairSum(self, nums, k):\n        while True:\n            pass\n"),
    ("call_top_level_function", SCALE, "def scale(a, b):\n    return a * b\n"),
    ("call_missing_function", SCALE, "class Solution:\n    def other(self, a, b):\n        return a * b\n"),
    ("call_bool_equals_int", {"inputs": ["3\n2"], "outputs": ["1"], "fn_name": "scale"}, "class Solution:\n    def scale(self, a, b):\n        return True\n"),
    ("call_float_exact", FLOAT_CALL, "class Solution:\n    def add(self, a, b):\n        return a + b\n"),
    ("call_float_rounded", FLOAT_CALL, "class Solution:\n    def add(self, a, b):\n        return round(a + b, 10)\n"),
    ("call_prints", SCALE, "class Solution:\n    def scale(self, a, b):\n        print('hello')\n        return a * b\n"),
    ("call_sys_exit", SCALE, "import sys\nclass Solution:\n    def scale(self, a, b):\n        sys.exit(0)\n"),
    ("call_returns_none", SCALE, "class Solution:\n    def scale(self, a, b):\n        a * b\n"),
    ("call_syntax_error", SCALE, "class Solution:\n    def scale(self, a, b)\n        return a * b\n"),
    ("call_state_across_tests", {"inputs": ["3\n2", "1\n1"], "outputs": ["6", "1"], "fn_name": "scale"},
     "class Solution:\n    calls = []\n    def scale(self, a, b):\n        self.calls.append(1)\n        return a * b * len(self.calls)\n"),
    # numpy: imported before the reliability guard in the reference's process (numpy's own import
    # calls os.putenv, which the guard removes), so programs that import it work
    ("numpy_stdin_sum", ADD, "import numpy as np\nn = int(input())\nprint(int(np.array(list(map(int, input().split()))).sum()))\n"),
    ("numpy_stdin_prints_int64", ADD, "import numpy as np\nn = int(input())\nprint(np.sum(np.array(input().split(), dtype=np.int64)))\n"),
    ("numpy_stdin_float64", HALF, "import numpy as np\nprint(np.float64(int(input())) / 2)\n"),
    ("numpy_call_tolist", ARRAY_PAIR, _NP_PAIR.format(ret="np.array([a[i], a[j]]).tolist()")),
    ("numpy_call_int64_result", SCALE, "import numpy as np\nclass Solution:\n    def scale(self, a, b):\n        return np.int64(a) * np.int64(b)\n"),
    ("numpy_call_int64_wrong", SCALE, "import numpy as np\nclass Solution:\n    def scale(self, a, b):\n        return np.int64(a) + np.int64(b)\n"),
    ("numpy_call_float64_result", FLOAT_CALL, "import numpy as np\nclass Solution:\n    def add(self, a, b):\n        return np.float64(a) + np.float64(b)\n"),
    ("numpy_call_array_return", ARRAY_PAIR, _NP_PAIR.format(ret="np.array([a[i], a[j]])")),
    ("numpy_call_array_first_matches", FIRST_MATCHES, _NP_PAIR.format(ret="np.array([a[i], a[j]])")),
    ("numpy_call_int64_elements", ARRAY_PAIR, _NP_PAIR.format(ret="[a[i], a[j]]")),
    ("numpy_call_bool_result", {"inputs": ["3\n2"], "outputs": ["true"], "fn_name": "scale"}, "import numpy as np\nclass Solution:\n    def scale(self, a, b):\n        return np.bool_(a > b)\n"),
    # an object that says it equals anything passes there: `==` is the program's own; here such a
    # value is not compared and fails (DELIBERATE below), as a program speaking the channel could
    # otherwise claim any comparison's outcome
    ("call_eq_always_true", PAIR_SUM, "class Anything:\n    def __eq__(self, other):\n        return True\nclass Solution:\n    def pairSum(self, nums, k):\n        return Anything()\n"),
    # return values of other types: compared in the harness after crossing as data
    ("numpy_call_str_scalar", ECHO, "import numpy as np\nclass Solution:\n    def echo(self, s):\n        return np.array([s, 'zz'])[0]\n"),
    ("call_returns_counter", COUNT, "from collections import Counter\nclass Solution:\n    def count(self, s):\n        return Counter(s)\n"),
    ("call_returns_deque", PAIR_SUM, "from collections import deque\nclass Solution:\n    def pairSum(self, nums, k):\n        return deque(nums[:2])\n"),
    ("call_returns_list_subclass", PAIR_SUM,
     "class Pair(list):\n    pass\nclass Solution:\n    def pairSum(self, nums, k):\n        for i, a in enumerate(nums):\n"
     "            for b in nums[i + 1:]:\n                if a + b == k:\n                    return Pair([a, b])\n        return Pair()\n"),
    ("call_uses_typing_prelude", PAIR_SUM, "class Solution:\n    def pairSum(self, nums: List[int], k: int) -> List[int]:\n        for i, a in enumerate(nums):\n            for b in nums[i + 1:]:\n                if a + b == k:\n                    return [a, b]\n        return []\n"),
]


#: Cases whose verdict differs from the reference on purpose (README of evals/livecodebench): ours.
DELIBERATE: dict[str, dict] = {
    "call_eq_always_true": {"passed": False, "results": [0]},
}


def sample(tests: dict) -> dict:
    """The reference's evaluation sample for these tests."""
    return {"input_output": json.dumps({"inputs": tests["inputs"], "outputs": tests["outputs"], "fn_name": tests["fn_name"]})}
