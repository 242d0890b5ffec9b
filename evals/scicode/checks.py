"""A test case split in two: the part that runs model code (in the sandbox) and the comparison with
the target (in the harness), so that the target never enters the sandbox and no code there decides a verdict.

A SciCode test case is trusted dataset code ending in one `assert`, such as
`assert np.allclose(f(x), target)`. The assert's expression is cut where it stops depending on the
target: each largest part that does not mention the target (here `f(x)`) is a *value*, computed in
the program at the point where the reference computes it and sent to the harness; the rest (here
`np.allclose(<value 0>, target)`) is the *check*, evaluated in the harness with the step's real
target. Statements that only unpack the target (`a, b = target`) run in the harness too.

An assert that does not mention the target compares with the test case's own values instead (step
78.1: `expected_output = np.array([0.0, -(g / L) * np.sin(0.1)])`). Such a value, assigned once
from constants, numpy and other such values, is computed by the harness (its assignment is the
check's `prelude`), so that code which patches numpy, or reads the caller's locals, cannot make it
agree with a wrong answer; only what the model's code computed is sent. An own value that the rest
of the program still needs (the `state` given to the model's function) is also sent as a *witness*:
it must be exactly the harness' value when the assert runs, or the check fails (the model's code
changed it in place). Splitting is exact for the reference's evaluation order; anything it cannot
split exactly is a SplitError naming the test case, never a guess.
"""

from __future__ import annotations

import ast
import builtins
import collections
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
    prelude: str = ""  # the test case's own values the check uses, computed in the harness before it
    witnesses: tuple[tuple[int, str], ...] = ()  # (slot, name): the program's value of an own value, which must equal the harness'


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


class _OwnValueSplitter(_Splitter):
    """Cuts an assert on the test case's own values: the harness computes all of it but what model code computed."""

    def __init__(self, own: set[str], defs: set[str], where: str) -> None:
        super().__init__(set(), defs, where)
        self.own = own
        self.known = own | defs | {"np", *HELPERS} | _BUILTINS
        self.used: set[str] = set()

    def mentions(self, node: ast.AST) -> bool:
        return True  # this splitter decides itself what the program sends

    def split(self, node: ast.expr, positive: bool, keep: bool = False) -> ast.expr:
        names = _names(node)
        if names <= self.known:  # constants, numpy, the test case's own values: computed here
            self.used |= names & self.own
            return node
        head = _dotted(node.func) if isinstance(node, ast.Call) else None
        model_call = head is not None and head.split(".")[0] not in self.known
        if model_call or (isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and not names & self.known):
            return self._slot(node)  # what model code computed (`output`, `f(state)`, `out[0]`): sent by the program
        if isinstance(node, ast.Call):
            if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
                raise SplitError(f"{self.where}: starred arguments in `{ast.unparse(node)}`")
            return ast.Call(self.split(node.func, False), [self.split(a, False) for a in node.args],
                            [ast.keyword(k.arg, self.split(k.value, False)) for k in node.keywords])
        return super().split(node, positive, keep)


def _bound_names(scope: list[ast.stmt]) -> collections.Counter[str]:
    """How often each name is bound in a scope's statements (nested functions and classes excluded)."""
    counts: collections.Counter[str] = collections.Counter()
    pending: list[ast.AST] = list(scope)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[node.name] += 1
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            counts[node.id] += 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            counts.update({name: 2 for name in node.names})  # bound elsewhere: never an own value
        elif isinstance(node, ast.arg):
            counts[node.arg] += 1
        pending.extend(ast.iter_child_nodes(node))
    return counts


def _own_values(scope: list[ast.stmt], before: ast.stmt, parameters: set[str]) -> dict[str, ast.Assign]:
    """The test case's own values at statement `before`: names of the scope assigned once, earlier in
    it, from constants, numpy and other own values only (so the harness can compute them)."""
    bound = _bound_names(scope)
    own: dict[str, ast.Assign] = {}
    for stmt in scope[:scope.index(before)]:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        name = stmt.targets[0].id
        if bound[name] == 1 and name not in parameters and _names(stmt.value) <= own.keys() | {"np"} | _BUILTINS:
            own[name] = stmt
    return own


def _needed(own: dict[str, ast.Assign], used: set[str]) -> list[str]:
    """The own values a check uses and those they are computed from, in the order of their assignments."""
    needed, pending = set(), list(used)
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.add(name)
            pending.extend(_names(own[name].value) & own.keys())
    return [name for name in own if name in needed]


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


@dataclass
class _Cut:
    """One assert while its test case is split: the program's call, and what its Check becomes."""

    call: ast.Call
    expression: str
    slots: int
    probes: tuple[int, ...]
    source: str
    own: dict[str, ast.Assign]
    prelude: list[str]


def _harness_only(program: ast.Module, cuts: list[_Cut]) -> set[int]:
    """The own-value assignments only checks use (ids of their nodes): the program need not compute them."""
    candidates = {id(c.own[name]): c.own[name] for c in cuts for name in c.prelude}
    removed: set[int] = set()
    while True:
        more = {key for key, stmt in candidates.items()
                if key not in removed and stmt.targets[0].id not in _loads_outside(program, removed | {key})}
        if not more:
            return removed
        removed |= more


def _loads_outside(program: ast.Module, skipped: set[int]) -> set[str]:
    """Names the program reads, leaving out the statements whose ids are in `skipped`."""
    names: set[str] = set()
    pending: list[ast.AST] = [program]
    while pending:
        node = pending.pop()
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.add(node.id)
        pending.extend(ast.iter_child_nodes(node))
    return names


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
    cuts: list[_Cut] = []
    used: set[str] = set()

    class Replace(ast.NodeTransformer):
        scopes: list[tuple[list[ast.stmt], set[str]]] = [(kept, set())]

        def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.stmt:
            parameters = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            self.scopes.append((node.body, parameters))
            self.generic_visit(node)
            self.scopes.pop()
            return node

        def visit_Assert(self, node: ast.Assert) -> ast.stmt:
            own: dict[str, ast.Assign] = {}
            if _names(node.test) & tainted:
                cutter: _Splitter = _Splitter(tainted, defs, where)
            else:  # compares with the test case's own values: those are computed in the harness
                body, parameters = self.scopes[-1]
                statement = next(s for s in body if any(n is node for n in ast.walk(s)))
                own = _own_values(body, statement, parameters)
                cutter = _OwnValueSplitter(set(own), defs, where)
            expression = cutter.split(node.test, True, keep=True)
            prelude = _needed(own, cutter.used) if isinstance(cutter, _OwnValueSplitter) else []
            names = _names(expression)
            unknown = (names - tainted - defs - _BUILTINS - {"np", *HELPERS} - set(prelude)
                       - {HOLE.format(k) for k in range(len(cutter.slots))})
            if unknown:
                raise SplitError(f"{where}: the check `{ast.unparse(expression)}` would need {sorted(unknown)}")
            used.update(names)
            call = ast.Call(ast.Name(CHECK, ast.Load()),
                            [ast.Constant(case), ast.Constant(len(cuts)), ast.List(cutter.slots, ast.Load())], [])
            cuts.append(_Cut(call, ast.unparse(expression), len(cutter.slots), tuple(cutter.probes),
                             ast.unparse(node.test), own, prelude))
            return ast.copy_location(ast.Expr(call), node)

    program = ast.Module([Replace().visit(s) for s in kept], type_ignores=[])
    for stmt in ast.walk(program):
        if isinstance(stmt, ast.Name) and stmt.id in tainted:
            raise SplitError(f"{where}: `{stmt.id}` (the target or a name bound from it) is used outside the assert")
        if isinstance(stmt, ast.arg) and stmt.arg in tainted:
            raise SplitError(f"{where}: a parameter is called `{stmt.arg}`, a name bound from the target")
    if not cuts:
        raise SplitError(f"{where}: no assert")
    checks = _finish(program, cuts)
    functions = _def_closure(tree, used, where)
    setup_module = ast.Module([*functions, *setup], type_ignores=[])
    return SplitCase(ast.unparse(ast.fix_missing_locations(program)),
                     ast.unparse(ast.fix_missing_locations(setup_module)), checks)


def _finish(program: ast.Module, cuts: list[_Cut]) -> tuple[Check, ...]:
    """Drops the own values only checks use from the program, and has it send the others as witnesses."""
    removed = _harness_only(program, cuts)
    for node in ast.walk(program):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and any(id(s) in removed for s in body):
                body[:] = [s for s in body if id(s) not in removed] or [ast.Pass()]
    checks = []
    for cut in cuts:
        witnesses = tuple((cut.slots + k, name) for k, name in
                          enumerate(n for n in cut.prelude if id(cut.own[n]) not in removed))
        slots = cut.call.args[2]
        assert isinstance(slots, ast.List)
        slots.elts.extend(ast.Call(ast.Name(VALUE, ast.Load()), [ast.Name(name, ast.Load())], []) for _, name in witnesses)
        prelude = "\n".join(ast.unparse(cut.own[name]) for name in cut.prelude)
        checks.append(Check(cut.expression, cut.slots + len(witnesses), cut.probes, cut.source, prelude, witnesses))
    return tuple(checks)
