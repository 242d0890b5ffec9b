"""Loads the suite's harness, a pytest plugin kept in fixtures/."""

pytest_plugins = ["fixtures.gcpause", "fixtures.reorder", "fixtures.plugin", "fixtures.sandbox_plugin"]
