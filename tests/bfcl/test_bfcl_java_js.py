"""Java / JavaScript literal conversion (cases from the reference converters' own tests and quirks)."""

from __future__ import annotations

import pytest

from evals.bfcl.java_js import java_convert, js_convert


@pytest.mark.parametrize(
    "value,jtype,nested,expected",
    [
        ("true", "boolean", None, True),
        ("123", "integer", None, 123),
        ("-123", "integer", None, -123),
        ("3.14f", "float", None, 3.14),
        ("3e-3F", "float", None, 3e-3),
        ("3.14", "float", None, "3.14"),  # float needs the f suffix
        ("3.14", "double", None, 3.14),
        ("123L", "long", None, 123),
        ("123", "long", None, "123"),  # long needs the L suffix
        ("'a'", "char", None, "'a'"),  # the char pattern never matches
        ("abc", "String", None, "abc"),
        ("123", "any", None, "123"),
        ("new int[]{1, 2, 3}", "Array", "integer", [1, 2, 3]),
        ("new int[] { }", "Array", "integer", []),
        ("new long[]{1L, 2, 3L}", "Array", "long", [1, "2", 3]),
        ('new String[]{"a", "b"}', "Array", "String", ['"a"', '"b"']),  # quotes kept in Array<String>
        ('new ArrayList<>(Arrays.asList("a", "b"))', "ArrayList", "String", ["a", "b"]),
        ("new ArrayList<Float>() {{ add(1.0f); add(2.0f); }}", "ArrayList", "float", [1.0, 2.0]),
        ("new ArrayList<>()", "ArrayList", "String", []),
        ('new HashMap<String, Object>() {{ put("k1", 1); put("k2", "v"); put("k3", true); }}', "HashMap", None, {"k1": 1, "k2": "v", "k3": True}),
        ("new HashMap<>()", "HashMap", None, {}),
        ("myMap", "HashMap", None, "myMap"),
    ],
)
def test_java(value, jtype, nested, expected) -> None:
    assert java_convert(value, jtype, nested) == expected


@pytest.mark.parametrize("jtype", ["Set", "Hashtable", "Queue", "Stack"])
def test_java_unimplemented(jtype) -> None:
    with pytest.raises(NotImplementedError):
        java_convert("x", jtype)


@pytest.mark.parametrize(
    "value,jtype,nested,expected",
    [
        ('"abc"', "String", None, "abc"),
        ("'abc'", "String", None, "abc"),
        ("abc", "String", None, "abc"),
        ("12", "integer", None, 12),
        ("1.5", "float", None, 1.5),
        ("1e3", "float", None, "1e3"),
        ("12n", "Bigint", None, 12),
        ("false", "Boolean", None, False),
        ("[1, 2, 3]", "array", "integer", [1, 2, 3]),
        ("['a', \"b\"]", "array", "String", ["a", "b"]),
        ("new Array(1, 2)", "array", "integer", [1, 2]),
        ("[[1, 2], [3, 4]]", "array", None, [[1, 2], [3, 4]]),
        ("[]", "array", "integer", []),
        ("{a: 1, b: 'x'}", "dict", None, {"a": 1, "b": "x"}),
        ("{}", "dict", None, {}),
        ("{k: [1, 2]}", "dict", None, {"k": [1, 2]}),
        ("someVar", "dict", None, "someVar"),
    ],
)
def test_js(value, jtype, nested, expected) -> None:
    assert js_convert(value, jtype, nested) == expected
