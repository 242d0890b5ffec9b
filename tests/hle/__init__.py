"""Tests of the HLE benchmark (synthetic rows only: HLE rows must stay off the public web)."""
