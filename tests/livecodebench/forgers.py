"""Programs that try to forge a LiveCodeBench pass instead of solving the problem.

Each is a "solution" to any problem: it writes what a passing run would report on every channel it
can find (the old runner's result descriptor was fd 3; now fd 3 is the message channel to the
harness), in the old format and in the new protocol, then leaves with status 0 before (or while)
its tests run. None may pass.
"""

from __future__ import annotations

_OLD_REPORT = "b'{\"results\": [1, 1, 1, 1, 1, 1], \"metadata\": {}, \"stage\": \"tests\"}\\n'"

FORGERS: dict[str, str] = {
    # the observed exploit: the old result line on fd 3, then leave
    "old_report_on_fd3": f"import os\nos.write(3, {_OLD_REPORT})\nos._exit(0)\n",
    "empty_report_on_fd3": "import os\nos.write(3, b'{\"results\": []}\\n')\nos._exit(0)\n",
    "one_result_on_fd3": "import os\nos.write(3, b'{\"results\": [1]}\\n')\nos._exit(0)\n",
    # the same line on every descriptor, and on the real stdout
    "report_everywhere": (
        "import os, sys\n"
        f"for fd in range(0, 64):\n    try:\n        os.write(fd, {_OLD_REPORT})\n    except OSError:\n        pass\n"
        f"sys.__stdout__.write({_OLD_REPORT}.decode())\nsys.__stdout__.flush()\nos._exit(0)\n"
    ),
    # leaving before any test ran, with status 0
    "exits_before_tests": "import os\nos._exit(0)\n",
    "sys_exit_at_top_level": "import sys\nsys.exit(0)\n",
    # speaking the new protocol: claims of success the harness must not take
    "claims_compared_pass": (
        "import os, json\n"
        "os.write(3, b'{\"event\": \"ready\"}\\n')\n"
        "for i in range(64):\n"
        "    os.write(3, json.dumps({'event': 'result', 'test': i, 'kind': 'compared', 'codes': [1], 'wrong': False}).encode() + b'\\n')\n"
        "os._exit(0)\n"
    ),
    "claims_stop": "import os\nos.write(3, b'{\"stop\": true}\\n{\"event\": \"failed\", \"stage\": \"tests\", \"metadata\": {}}\\n')\nos._exit(0)\n",
    "answers_its_own_orders": (
        "import os, json\n"
        "os.write(3, b'{\"event\": \"ready\"}\\n')\n"
        "buf = b''\n"
        "while True:\n"
        "    while b'\\n' not in buf:\n"
        "        chunk = os.read(3, 65536)\n"
        "        if not chunk:\n"
        "            os._exit(0)\n"
        "        buf += chunk\n"
        "    line, _, buf = buf.partition(b'\\n')\n"
        "    order = json.loads(line)\n"
        "    if 'test' not in order:\n"
        "        os._exit(0)\n"
        "    os.write(3, json.dumps({'event': 'result', 'test': order['test'], 'kind': 'stdout', 'output': order['input']}).encode() + b'\\n')\n"
    ),
    # the comparison the runner once made inside the sandbox for values that were not plain data:
    # announce such a value, receive the expected one, claim the comparison held (passed on main
    # before the comparison moved to the harness)
    "claims_its_own_comparison": (
        "import os, json\n"
        "buf = b''\n"
        "def line():\n"
        "    global buf\n"
        "    while b'\\n' not in buf:\n"
        "        chunk = os.read(3, 65536)\n"
        "        if not chunk:\n"
        "            os._exit(0)\n"
        "        buf += chunk\n"
        "    first, _, buf = buf.partition(b'\\n')\n"
        "    return json.loads(first)\n"
        "def say(message):\n"
        "    os.write(3, json.dumps(message).encode() + b'\\n')\n"
        "say({'event': 'ready'})\n"
        "while True:\n"
        "    order = line()\n"
        "    if 'test' not in order:\n"
        "        os._exit(0)\n"
        "    say({'event': 'result', 'test': order['test'], 'kind': 'exotic'})\n"
        "    line()\n"
        "    say({'event': 'result', 'test': order['test'], 'kind': 'compared', 'codes': [1], 'wrong': False})\n"
    ),
    # a return value that says it equals anything (passes in the reference: `==` is its own)
    "equal_to_everything": (
        "class Anything:\n    def __eq__(self, other):\n        return True\n"
        "class Solution:\n    def __getattr__(self, name):\n        return lambda *args: Anything()\n"
        "print(Anything())\n"
    ),
    # passes the first test, then leaves before the others ran
    "leaves_after_first_test": (
        "import os\n"
        "n = int(input())\n"
        "print(sum(map(int, input().split())), flush=True)\n"
        "if n != 3:\n"
        "    os._exit(0)\n"
    ),
}
