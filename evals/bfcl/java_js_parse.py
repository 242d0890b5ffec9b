"""Prompting-mode decoding of Java and JavaScript call answers, with the tree-sitter grammars the
reference uses (bfcl_eval/model_handler/parser/{java,js}_parser.py): tree_sitter 0.21.3,
tree-sitter-java 0.21.0, tree-sitter-javascript 0.21.4. Whether an answer parses at all depends on
those grammars' error recovery (e.g. a bare `f(a=1)` is an ERROR in Java but `Cls.f(a=1)` is not),
so they are used as they are rather than imitated. They are imported only when needed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from evals.bfcl.prompting import DecodeError

MISSING = (
    "prompting-mode decoding of Java/JavaScript answers needs tree_sitter==0.21.3, tree-sitter-java==0.21.0 "
    "and tree-sitter-javascript==0.21.4 (the reference's parsers); install them or use mode 'fc'"
)


@lru_cache(maxsize=None)
def _parser(language: str) -> Any:
    try:
        from tree_sitter import Language, Parser

        if language == "java":
            import tree_sitter_java as grammar
        else:
            import tree_sitter_javascript as grammar
    except ImportError as exc:
        raise NotImplementedError(MISSING) from exc
    parser = Parser()
    parser.set_language(Language(grammar.language(), language))
    return parser


def parse_java_calls(source: str) -> Any:
    """The reference's parse_java_function_call: the first method invocation found, or {}."""
    tree = _parser("java").parse(bytes(source, "utf8"))
    root = tree.root_node
    if "ERROR" in root.sexp():
        raise DecodeError("Error parsing java the source code.")
    data = bytes(source, "utf8")

    def text(node: Any) -> str:
        return data[node.start_byte : node.end_byte].decode("utf8")

    def value_text(node: Any, nested: bool = False) -> str:
        if node.type in ("string_literal", "character_literal"):
            return text(node) if nested else text(node)[1:-1]
        if node.type in ("identifier", "class_literal", "type_identifier", "method_invocation"):
            return text(node)
        if node.type == "array_creation_expression":
            return f"new {value_text(node.child_by_field_name('type'), True)}[]{value_text(node.child_by_field_name('value'), True)}"
        if node.type == "object_creation_expression":
            type_text = value_text(node.child_by_field_name("type"), True)
            args = node.child_by_field_name("arguments")
            if args is None:
                return f"new {type_text}()"
            parts = [value_text(c, True) for c in args.children if c.type not in (",", "(", ")")]
            return f"new {type_text}({', '.join(parts)})"
        if node.type == "set":
            return "{" + ", ".join(value_text(c, True) for c in node.children if c.type not in (",", "set")) + "}"
        if node.child_count > 0:
            return "".join(value_text(c, True) for c in node.children)
        return text(node)

    def arguments(args_node: Any) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for child in args_node.children:
            if child.type == "assignment_expression":
                key, value = text(child.children[0]), value_text(child.children[2])
            elif child.type in ("identifier", "class_literal", "set"):
                key, value = None, value_text(child)
            else:
                continue
            if key in out:
                out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
            else:
                out[key] = value
        return out

    def walk(node: Any) -> Any:
        if node.type == "method_invocation":
            name = text(node.child_by_field_name("name"))
            obj = node.child_by_field_name("object")
            if obj is not None:
                name = f"{text(obj)}.{name}"
            args_node = node.child_by_field_name("arguments")
            if args_node is not None:
                args = arguments(args_node)
                if any(isinstance(v, list) for v in args.values()):
                    raise DecodeError("Error: Multiple arguments with the same name are not supported.")
                return [{name: args}]
            return None
        for child in node.children:
            found = walk(child)
            if found:
                return found
        return None

    found = walk(root)
    return found if found else {}


def parse_js_calls(source: str) -> Any:
    """The reference's parse_javascript_function_call: the first call statement, or None."""
    tree = _parser("javascript").parse(bytes(source, "utf8"))
    root = tree.root_node
    if "ERROR" in root.sexp():
        raise DecodeError("Error js parsing the source code.")

    def arguments(node: Any) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for child in node.children:
            if child.type == "assignment_expression":
                key = child.children[0].text.decode("utf-8")
                value = child.children[2].text.decode("utf-8")
                if (value.startswith('"') and value.endswith('"')) or (value.startswith("'") and value.endswith("'")):
                    value = value[1:-1]
            elif child.type in ("identifier", "true"):
                key, value = None, child.text.decode("utf-8")
            else:
                continue
            if key in out:
                out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
            else:
                out[key] = value
        return out

    if root.type == "program":
        for child in root.children:
            if child.type != "expression_statement":
                continue
            for sub in child.children:
                if sub.type == "call_expression":
                    args = arguments(sub.children[1])
                    if any(isinstance(v, list) for v in args.values()):
                        raise DecodeError("Error: Multiple arguments with the same name are not supported.")
                    return [{sub.children[0].text.decode("utf8"): args}]
    return None
