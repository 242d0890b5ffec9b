"""The code of a response, as SciCode's and NeMo-Skills' extract_python_script take it."""

from __future__ import annotations

import re

_IMPORT_LINE = re.compile(r"^\s*(import .*|from .*\s+import\s+.*)", flags=re.MULTILINE)


def extract_python_script(response: str) -> str:
    """The first ```python block (else the first ``` block, else the whole text), import lines blanked.

    An unclosed fence runs to the end of the text. Import lines are removed because the program
    starts with the problem's required_dependencies; the regex is the reference's, so (as there)
    the leading whitespace before a removed import and `from` lines spanning lines go too.
    """
    if "```" in response:
        if "```python" in response:
            code = response.split("```python", 1)[1].split("```", 1)[0]
        else:
            code = response.split("```", 2)[1]
    else:
        code = response
    return _IMPORT_LINE.sub("", code)
