"""Small builders shared by the BFCL tests."""

from __future__ import annotations

import json
from typing import Any

from fixtures.responses import Generation, parse_completion


def completion(tool_calls: list[tuple[str, Any]] | None = None, content: str | None = None) -> Generation:
    """A Generation parsed from a chat-completions body, as the harness client produces it.

    tool_calls: (name, arguments) pairs; a dict argument is JSON-encoded, a str is sent as is.
    """
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = [
            {
                "id": f"call_{i}",
                "type": "function",
                "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)},
            }
            for i, (name, args) in enumerate(tool_calls)
        ]
    body = {"choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool_calls else "stop"}]}
    return parse_completion(body)
