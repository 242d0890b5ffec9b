"""A test case split in two: the part that runs model code (in the sandbox) and the comparison with
the target (in the harness), so that the target never enters the sandbox and no code there decides a verdict.

A SciCode test case is trusted dataset code ending in one `assert`, such as
`assert np.allclose(f(x), target)`. The assert's expression is cut where it stops depending on the
target: each largest part that does not mention the target (here `f(x)`) is a *value*, computed in
the program at the point where the reference computes it and sent to the harness; the rest (here
`np.allclose(<value 0>, target)`) is the *check*, evaluated in the harness with the step's real
target. Statements that only unpack the target (`a, b = target`) run in the harness too. An assert
that does not mention the target (a test case computing its own expected value) keeps its
comparison in the harness and sends its operands. Splitting is exact for the reference's evaluation
order; anything it cannot split exactly is a SplitError naming the test case, never a guess.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

#: Names the harness provides to checks, besides numpy as `np` (evals/scicode/h5_runtime.py's helpers).
HELPERS = ("cmp_tuple_or_list", "are_dicts_close", "are_csc_matrix_close", "process_symbol_in_dict")
VALUE = "_scicode_encode"
PROBE = "_scicode_probe"
CHECK = "_scicode_check"
HOLE = "_scicode_value_{}"  # the name a check gives its k-th value
_BUILTINS = frozenset(dir(builtins))


class SplitError(ValueError):
    """A test case whose assert cannot be split exactly into values and a check."""


@dataclass(frozen=True)
class Check:
    """One assert: `expression` is evaluated in the harness, with `_scicode_value_<k>` bound to the
    k-th value the program sent; `probes` are the slots that only look a name up (nothing to bind)."""

    expression: str
    slots: int
    probes: tuple[int, ...]
    source: str


@dataclass(frozen=True)
class SplitCase:
    program: str  # the test case as the sandbox runs it: asserts replaced by _scicode_check calls
    setup: str  # run in the harness before the checks: the test case's functions they call, target unpacking
    checks: tuple[Check, ...]


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


class _Splitter:
    """Cuts one assert expression into slots (sent by the program) and the check (kept here)."""

    def __init__(self, tainted: set[str], defs: set[str], where: str) -> None:
        self.tainted, self.defs, self.where = tainted, defs, where
        self.slots: list[ast.expr] = []
        self.probes: list[int] = []

    def mentions(self, node: ast.AST) -> bool:
        return bool(_names(node) & self.tainted)

    def split(self, node: ast.expr, positive: bool, keep: bool = False) -> ast.expr:
        if not self.mentions(node) and (not keep or isinstance(node, (ast.Name, ast.Constant))):
            if isinstance(node, ast.Constant):
                return node
            return self._slot(node)
        if isinstance(node, ast.Name):
            return node  # the target, or a name bound from it
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) and positive:
            # an `and` whose falsity fails the assert anyway: values of later operands may be computed early
            return ast.BoolOp(node.op, [self.split(v, True) for v in node.values])
        if isinstance(node, ast.Compare) and (len(node.ops) == 1 or positive):
            left = self.split(node.left, False)
            return ast.Compare(left, node.ops, [self.split(c, False) for c in node.comparators])
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.UnaryOp):
            return ast.UnaryOp(node.op, self.split(node.operand, False))
        if isinstance(node, ast.BinOp):
            left = self.split(node.left, False)
            return ast.BinOp(left, node.op, self.split(node.right, False))
        if isinstance(node, ast.Subscript):
            value = self.split(node.value, False)
            return ast.Subscript(value, self.split(node.slice, False), ast.Load())
        if isinstance(node, ast.Attribute):
            return ast.Attribute(self.split(node.value, False), node.attr, ast.Load())
        if isinstance(node, (ast.Tuple, ast.List)):
            return type(node)([self.split(e, False) for e in node.elts], ast.Load())
        if keep:  # a target-free assert of another shape: its truth value is what the program sends
            return self._slot(node)
        raise SplitError(f"{self.where}: cannot split {type(node).__name__} `{ast.unparse(node)}` exactly")

    def _call(self, node: ast.Call) -> ast.expr:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise SplitError(f"{self.where}: starred arguments in `{ast.unparse(node)}`")
        if self.mentions(node.func):
            func = self.split(node.func, False)
        else:
            name = _dotted(node.func)
            head = name.split(".")[0] if name else None
            if head not in {"np", *HELPERS, *self.defs} and name not in _BUILTINS:
                if not self.mentions(node):
                    return self._slot(node)  # e.g. a target-free assert calling the model's function
                raise SplitError(f"{self.where}: `{ast.unparse(node.func)}` is not available to the harness")
            self.probes.append(len(self.slots))
            self.slots.append(ast.Call(ast.Name(PROBE, ast.Load()), [node.func], []))
            func = node.func
        args = [self.split(a, False) for a in node.args]
        keywords = [ast.keyword(k.arg, self.split(k.value, False)) for k in node.keywords]
        return ast.Call(func, args, keywords)

    def _slot(self, node: ast.expr) -> ast.expr:
        self.slots.append(ast.Call(ast.Name(VALUE, ast.Load()), [node], []))
        return ast.Name(HOLE.format(len(self.slots) - 1), ast.Load())


def _def_closure(tree: ast.Module, used: set[str], where: str) -> list[ast.FunctionDef]:
    """The test case's own top-level functions that the checks call, and the ones they call."""
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    chosen: dict[str, ast.FunctionDef] = {}
    pending = [n for n in used if n in defs]
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        node = chosen[name] = defs[name]
        if node.decorator_list:
            raise SplitError(f"{where}: decorated function {name} used by a check")
        local = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        local |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        free = _names(node) - local
        unknown = free - _BUILTINS - {"np", *HELPERS, *defs}
        if unknown:
            raise SplitError(f"{where}: function {name} used by a check needs {sorted(unknown)}")
        pending.extend(free & defs.keys())
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in chosen]


def split_case(source: str, case: int, where: str) -> SplitCase:
    """Split test case number `case` (0-based) of a step; `where` names it in errors ("step 10.3, test case 1")."""
    tree = ast.parse(source)
    tainted = {"target"}
    setup: list[ast.stmt] = []
    kept: list[ast.stmt] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and _names(stmt.value) and _names(stmt.value) <= tainted:
            bound = {n.id for t in stmt.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            if not all(isinstance(n, (ast.Name, ast.Tuple, ast.List, ast.Store)) for t in stmt.targets for n in ast.walk(t)):
                raise SplitError(f"{where}: `{ast.unparse(stmt)}` unpacks the target into something else than names")
            tainted |= bound
            setup.append(stmt)
            continue
        kept.append(stmt)
    defs = {n.name for n in kept if isinstance(n, ast.FunctionDef)}
    checks: list[Check] = []
    used: set[str] = set()

    class Replace(ast.NodeTransformer):
        def visit_Assert(self, node: ast.Assert) -> ast.stmt:
            cutter = _Splitter(tainted, defs, where)
            expression = cutter.split(node.test, True, keep=True)
            names = _names(expression)
            unknown = names - tainted - defs - _BUILTINS - {"np", *HELPERS} - {HOLE.format(k) for k in range(len(cutter.slots))}
            if unknown:
                raise SplitError(f"{where}: the check `{ast.unparse(expression)}` would need {sorted(unknown)}")
            used.update(names)
            checks.append(Check(ast.unparse(expression), len(cutter.slots), tuple(cutter.probes), ast.unparse(node.test)))
            call = ast.Call(ast.Name(CHECK, ast.Load()),
                            [ast.Constant(case), ast.Constant(len(checks) - 1), ast.List(cutter.slots, ast.Load())], [])
            return ast.copy_location(ast.Expr(call), node)

    program = ast.Module([Replace().visit(s) for s in kept], type_ignores=[])
    for stmt in ast.walk(program):
        if isinstance(stmt, ast.Name) and stmt.id in tainted:
            raise SplitError(f"{where}: `{stmt.id}` (the target or a name bound from it) is used outside the assert")
        if isinstance(stmt, ast.arg) and stmt.arg in tainted:
            raise SplitError(f"{where}: a parameter is called `{stmt.arg}`, a name bound from the target")
    if not checks:
        raise SplitError(f"{where}: no assert")
    functions = _def_closure(tree, used, where)
    setup_module = ast.Module([*functions, *setup], type_ignores=[])
    return SplitCase(ast.unparse(ast.fix_missing_locations(program)),
                     ast.unparse(ast.fix_missing_locations(setup_module)), tuple(checks))
