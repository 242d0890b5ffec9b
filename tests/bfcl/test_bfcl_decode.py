"""Decoding quirks of the reference (compared case by case with bfcl-eval 2026.3.23's
default_decode_ast_prompting: identical results or both failing)."""

from __future__ import annotations

import pytest

from evals.bfcl.decode import decode_fc, is_call_list, is_empty_output
from evals.bfcl.prompting import DecodeError, decode_python_calls


@pytest.mark.parametrize(
    "text,expected",
    [
        ("f(5, a=2)", [{"f": {"a": 2}}]),  # positional arguments dropped
        ("[f(a=-3), g(b=+4)]", [{"f": {"a": -3}}, {"g": {"b": -4}}]),  # any unary op negates
        ("f(a=2**3, b=1+2.5, c='x'*2)", [{"f": {"a": 8, "b": 3.5, "c": "xx"}}]),
        ("f(a=g(1), b=h(x=1))", [{"f": {"a": "g(1)", "b": {"h": {"x": 1}}}}]),
        ("f(a=x[1], b=[1,(2,3)], c={'k': None})", [{"f": {"a": "x[1]", "b": [1, (2, 3)], "c": {"k": None}}}]),
        ("f(a=math_pi)", [{"f": {"a": "math_pi"}}]),  # bare name -> its identifier
        ("```\n[f(a=1)]\n```", [{"f": {"a": 1}}]),
        ("f(a=not True)", [{"f": {"a": -1}}]),  # `not` negates too
        ("f(**kw)", [{"f": {None: "kw"}}]),  # a ** splat keeps its name under key None
        ("mod.sub.f(a=True)", [{"mod.sub.f": {"a": True}}]),
        ("[f(a=...)]", [{"f": {"a": "..."}}]),
        ("[]", []),
    ],
)
def test_python_decoding(text, expected) -> None:
    assert decode_python_calls(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "```python\n[f(a=1)]\n```",  # the language tag stays in front
        "I don't know",
        "[1, f(a=1)]",
        "f(a=lambda: 1)",
        "f(a=math.pi)",  # attributes are unsupported values
        "'[f(a=1)]'",  # wrapped in [ ] before the quotes are stripped: a list holding a string
        "(f(a=1), g(b=2))",  # becomes a list holding a tuple
        "f(a=-x)",
        "f(a=1 if b else 2)",
        "f(a={1,2})",
        "f(a=1)\ng(b=2)",
    ],
)
def test_python_decoding_failures(text) -> None:
    with pytest.raises(DecodeError):
        decode_python_calls(text)


@pytest.mark.parametrize("text", ["f(a=__import__('os').getcwd() + 'x')", "f(a=open('x').read() * 2)", "f(a=9**9**9)", "f(a='x'*10**9)"])
def test_binop_with_code_or_huge_results_is_not_evaluated(text) -> None:
    """The reference eval()s a BinOp's source; the suite evaluates only bounded arithmetic on literals."""
    with pytest.raises(DecodeError):
        decode_python_calls(text)


def test_fc_decoding() -> None:
    ok = decode_fc([{"function": {"name": "a_b", "arguments": '{"x": 1}'}}], None)
    assert ok.ok and ok.calls == [{"a_b": {"x": 1}}]
    assert not decode_fc([{"function": {"name": "a", "arguments": "{x: 1}"}}], None).ok
    assert not decode_fc([{"function": {"name": "a", "arguments": {"x": 1}}}], None).ok  # not a JSON string
    assert not decode_fc(None, "text").ok
    assert not decode_fc([], "").ok
    assert not decode_fc([{"type": "function"}], None).ok


def test_call_list_format() -> None:
    assert is_call_list([]) and is_empty_output([])
    assert is_empty_output([{}])
    assert not is_call_list([{"f": [1]}]) and is_empty_output([{"f": [1]}])
    assert not is_call_list([{"f": {}, "g": {}}])
    assert is_call_list([{"f": {}}]) and not is_empty_output([{"f": {}}])
