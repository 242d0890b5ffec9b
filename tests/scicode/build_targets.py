"""Build a test_data.h5 in the official layout for some dev problems by running their ground-truth code.

    python -m tests.scicode.build_targets problems_dev.jsonl out.h5 19 29 ...

Each test case's assert that compares against `target` is turned into a call that records the
other side of the comparison; the recorded values become the targets. Trusted dataset code only.
"""

from __future__ import annotations

import ast
import json
import sys

import h5py

from tests.scicode.h5_layout import write_target

_COMPARERS = {"allclose", "cmp_tuple_or_list", "are_dicts_close", "array_equal", "isclose"}


def _is_target(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "target"


def _recorded_expression(test: ast.expr) -> ast.expr:
    if isinstance(test, ast.Call):
        name = test.func.attr if isinstance(test.func, ast.Attribute) else getattr(test.func, "id", "")
        if name in _COMPARERS and len(test.args) >= 2 and _is_target(test.args[1]):
            return test.args[0]
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        if _is_target(test.comparators[0]):
            return test.left
    raise ValueError(f"unsupported assert: {ast.unparse(test)}")


class _RecordTarget(ast.NodeTransformer):
    def visit_Assert(self, node: ast.Assert):
        if any(_is_target(n) for n in ast.walk(node.test)):
            call = ast.Call(ast.Name("__record__", ast.Load()), [_recorded_expression(node.test)], [])
            return ast.copy_location(ast.Expr(call), node)
        return node


def recording_source(test_case: str) -> str:
    lines = [l for l in test_case.split("\n") if not l.lstrip().startswith(("from scicode", "import scicode"))]
    tree = ast.fix_missing_locations(_RecordTarget().visit(ast.parse("\n".join(lines))))
    return ast.unparse(tree)


def main(problems_file: str, out: str, *problem_ids: str) -> None:
    rows = {}
    with open(problems_file, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows[row["problem_id"]] = row
    with h5py.File(out, "w") as h5:
        for pid in problem_ids:
            row = rows[pid]
            code = row["required_dependencies"]
            for step in row["sub_steps"]:
                code += "\n" + step["ground_truth_code"]
                for i, test in enumerate(step["test_cases"], 1):
                    recorded = []
                    namespace = {"__record__": recorded.append, "__name__": "__main__"}
                    exec(compile(code + "\n" + recording_source(test), f"<{step['step_number']}>", "exec"), namespace)
                    if len(recorded) != 1:
                        raise ValueError(f"{step['step_number']} test {i}: recorded {len(recorded)} values")
                    write_target(h5, step["step_number"], i, recorded[0])


if __name__ == "__main__":
    main(*sys.argv[1:])
