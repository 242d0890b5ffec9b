"""fixtures/reorder.py: pytest's reordering is skipped only when it has nothing to reorder by."""

from __future__ import annotations

from types import SimpleNamespace

import _pytest.fixtures
from _pytest.scope import Scope

from fixtures import reorder


def _item(name: str, scope: Scope | None) -> SimpleNamespace:
    if scope is None:
        return SimpleNamespace(name=name)
    return SimpleNamespace(name=name, callspec=SimpleNamespace(_arg2scope={"case": scope}))


def test_function_scoped_params_keep_their_order(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(reorder, "_original", lambda items: calls.append(items) or list(reversed(items)))
    items = [_item("a", Scope.Function), _item("b", None), _item("c", Scope.Function)]
    assert reorder.reorder_items(items) == items
    assert calls == []


def test_higher_scoped_params_go_to_pytest(monkeypatch) -> None:
    monkeypatch.setattr(reorder, "_original", lambda items: list(reversed(items)))
    items = [_item("a", Scope.Function), _item("b", Scope.Module), _item("c", None)]
    assert reorder.reorder_items(items) == list(reversed(items))


def test_installed_in_this_session() -> None:
    assert _pytest.fixtures.reorder_items is reorder.reorder_items
