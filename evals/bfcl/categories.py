"""The 17 BFCL v3 test categories: names, file stems in both file sets, group and kind.

Category names follow the v4 naming (as NeMo-Skills and bfcl-eval 2026.3.23 do); the v3 file set
names three of them differently (simple, java, javascript), which `file_stem` resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """How a category is scored."""

    AST = "ast"  # decoded calls checked against possible answers
    IRRELEVANCE = "irrelevance"  # correct when no call decodes
    RELEVANCE = "relevance"  # correct when some non-empty call decodes
    MULTI_TURN = "multi_turn"  # see evals/bfcl/multi_turn


class Language(str, Enum):
    """Checker language (bfcl_eval.constants.enums.Language)."""

    PYTHON = "python"
    JAVA = "java"
    JAVASCRIPT = "javascript"


FILE_SETS = ("v4", "v3")
FILE_PREFIX = {"v4": "BFCL_v4", "v3": "BFCL_v3"}


@dataclass(frozen=True)
class Category:
    name: str  # v4 name, used in ids, subsets and metrics
    group: str  # non_live | live | multi_turn
    kind: Kind
    v3_stem: str  # file stem in the v3 file set (BFCL_v3_<stem>.json)

    @property
    def language(self) -> Language:
        """The reference dispatches by substring: is_js = "javascript" in c; is_java = "java" in c and not js."""
        if "javascript" in self.name:
            return Language.JAVASCRIPT
        if "java" in self.name:
            return Language.JAVA
        return Language.PYTHON

    @property
    def single_turn(self) -> bool:
        return self.kind is not Kind.MULTI_TURN

    def file_stem(self, file_set: str) -> str:
        if file_set == "v4":
            return self.name
        if file_set == "v3":
            return self.v3_stem
        raise ValueError(f"unknown BFCL file set {file_set!r}; expected one of {FILE_SETS}")

    def file_name(self, file_set: str) -> str:
        return f"{FILE_PREFIX[file_set]}_{self.file_stem(file_set)}.json"


_ALL = [
    Category("simple_python", "non_live", Kind.AST, "simple"),
    Category("simple_java", "non_live", Kind.AST, "java"),
    Category("simple_javascript", "non_live", Kind.AST, "javascript"),
    Category("multiple", "non_live", Kind.AST, "multiple"),
    Category("parallel", "non_live", Kind.AST, "parallel"),
    Category("parallel_multiple", "non_live", Kind.AST, "parallel_multiple"),
    Category("irrelevance", "non_live", Kind.IRRELEVANCE, "irrelevance"),
    Category("live_simple", "live", Kind.AST, "live_simple"),
    Category("live_multiple", "live", Kind.AST, "live_multiple"),
    Category("live_parallel", "live", Kind.AST, "live_parallel"),
    Category("live_parallel_multiple", "live", Kind.AST, "live_parallel_multiple"),
    Category("live_irrelevance", "live", Kind.IRRELEVANCE, "live_irrelevance"),
    Category("live_relevance", "live", Kind.RELEVANCE, "live_relevance"),
    # multi-turn: loaded, run and scored by evals/bfcl/multi_turn (not this package)
    Category("multi_turn_base", "multi_turn", Kind.MULTI_TURN, "multi_turn_base"),
    Category("multi_turn_miss_func", "multi_turn", Kind.MULTI_TURN, "multi_turn_miss_func"),
    Category("multi_turn_miss_param", "multi_turn", Kind.MULTI_TURN, "multi_turn_miss_param"),
    Category("multi_turn_long_context", "multi_turn", Kind.MULTI_TURN, "multi_turn_long_context"),
]

CATEGORIES: dict[str, Category] = {c.name: c for c in _ALL}
V3_CATEGORIES: tuple[str, ...] = tuple(CATEGORIES)
SINGLE_TURN: tuple[str, ...] = tuple(c.name for c in _ALL if c.single_turn)
MULTI_TURN: tuple[str, ...] = tuple(c.name for c in _ALL if not c.single_turn)
MULTI_TURN_HOOK = "multi-turn: see evals/bfcl/multi_turn"


def category(name: str) -> Category:
    """Look up a category by its v4 name (the v3 file-set names simple/java/javascript are accepted too)."""
    if name in CATEGORIES:
        return CATEGORIES[name]
    for c in _ALL:
        if c.v3_stem == name:
            return c
    raise KeyError(f"unknown BFCL v3 category {name!r}; expected one of {', '.join(CATEGORIES)}")


def category_of_id(item_id: str) -> Category:
    """The category an item id belongs to (ids are '<category>_<n>' or '<category>_<n>-<m>-<k>')."""
    stem = item_id.rsplit("_", 1)[0]
    return category(stem)
