"""The location given to every case of a test function is the one pytest computes for it itself."""

from __future__ import annotations

import pytest

from fixtures.plugin import _share_locations

pytest_plugins = ["pytester"]

SOURCE = """
import pytest

@pytest.mark.parametrize("x", range(5))
def test_plain(x):
    pass

class TestGroup:
    @pytest.mark.parametrize("x", ["a", "b-1", "c[2]"])
    def test_method(self, x):
        pass

def test_single():
    pass
"""


def test_every_case_gets_the_location_pytest_would_compute(pytester: pytest.Pytester) -> None:
    items = pytester.getitems(SOURCE)
    calls = []
    for item in items:
        item.reportinfo = lambda item=item: calls.append(item.name) or type(item).reportinfo(item)
    _share_locations(items)
    assert calls == ["test_plain[0]", "test_method[a]"]  # once per test function, not once per case
    assert sum("location" in item.__dict__ for item in items) == 8  # every parametrised case
    for item in items:
        assert item.location == type(item).location.func(item), item.nodeid
