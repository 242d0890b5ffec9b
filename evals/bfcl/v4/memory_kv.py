"""Key-value memory backend (bfcl-eval `MemoryAPI_kv`): core memory (7 keys, values < 300 chars)
and archival memory (50 keys, values < 2000 chars), snake_case keys, BM25+ key search.

Method names, arguments, return values and error texts are the reference's: they are the tool
results the model sees. `snapshot()`/`restore()` replace the reference's snapshot files.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from typing import Any

MAX_CORE_MEMORY_SIZE = 7
MAX_CORE_MEMORY_ENTRY_LENGTH = 300
MAX_ARCHIVAL_MEMORY_SIZE = 50
MAX_ARCHIVAL_MEMORY_ENTRY_LENGTH = 2000

_KEY = re.compile(r"^[a-z]+(_[a-z0-9]+)*$")


def bm25_rank(query: str, corpus: list[str], k: int = 5) -> dict[str, list[tuple[float, str]]]:
    """BM25+ (rank_bm25.BM25Plus defaults) of `corpus` against `query`, '_' read as a space, lower-cased,
    whitespace-split; the top k as (score, text), best first (a stable sort keeps ties in corpus order)."""
    from rank_bm25 import BM25Plus

    tokenized = [text.replace("_", " ").lower().split() for text in corpus]
    scores = BM25Plus(tokenized).get_scores(query.replace("_", " ").lower().split())
    ranked = sorted(zip(scores, corpus), key=lambda pair: pair[0], reverse=True)
    return {"ranked_results": ranked[:k]}


class MemoryAPI_kv:  # noqa: N801 - the reference's class name appears in the model's error messages
    """This tool belongs to the memory suite, which provides APIs to interact with a key-value based memory system."""

    backend = "kv"

    def __init__(self) -> None:
        self.core_memory: dict[str, str] = {}
        self.archival_memory: dict[str, str] = {}

    # ---- state
    def snapshot(self) -> dict[str, Any]:
        return json.loads(json.dumps({"core_memory": self.core_memory, "archival_memory": self.archival_memory}))

    def restore(self, snapshot: dict[str, Any] | None) -> None:
        if snapshot:
            self.core_memory = deepcopy(snapshot["core_memory"])
            self.archival_memory = deepcopy(snapshot["archival_memory"])

    def dump_core_memory_to_context(self) -> str:
        if not self.core_memory:
            return "There is no content in the core memory at this point."
        return json.dumps(self.core_memory, indent=4)

    # ---- shared rules
    @staticmethod
    def _is_valid_key_format(key: str) -> bool:
        return bool(_KEY.match(key))

    @staticmethod
    def _add(store: dict[str, str], key: Any, value: Any, max_size: int, max_len: int, full: str, ok: str) -> dict:
        key, value = str(key), str(value)
        if len(store) >= max_size:
            return {"error": full}
        if len(value) > max_len:
            return {"error": f"Entry is too long. Please shorten the entry to less than {max_len} characters."}
        if not MemoryAPI_kv._is_valid_key_format(key):
            return {"error": "Key must be in snake_case format and cannot contain spaces."}
        if key in store:
            return {"error": "Key name must be unique."}
        store[key] = value
        return {"status": ok}

    @staticmethod
    def _replace(store: dict[str, str], key: Any, value: Any, max_len: int) -> dict:
        key, value = str(key), str(value)
        if key not in store:
            return {"error": "Key not found."}
        if len(value) > max_len:
            return {"error": f"Entry is too long. Please shorten the entry to less than {max_len} characters."}
        store[key] = value
        return {"status": "Key replaced."}

    # ---- core memory
    def core_memory_add(self, key: str, value: str) -> dict:
        return self._add(self.core_memory, key, value, MAX_CORE_MEMORY_SIZE, MAX_CORE_MEMORY_ENTRY_LENGTH,
                         "Core memory is full. Please clear some entries.", "Key-value pair added.")  # fmt: skip

    def core_memory_remove(self, key: str) -> dict:
        if key in self.core_memory:
            del self.core_memory[key]
            return {"status": "Key removed."}
        return {"error": "Key not found."}

    def core_memory_replace(self, key: str, value: str) -> dict:
        return self._replace(self.core_memory, key, value, MAX_CORE_MEMORY_ENTRY_LENGTH)

    def core_memory_clear(self) -> dict:
        self.core_memory = {}
        return {"status": "Short term memory cleared."}

    def core_memory_retrieve(self, key: str) -> dict:
        if key not in self.core_memory:
            return {"error": "Key not found."}
        return {"value": self.core_memory[key]}

    def core_memory_list_keys(self) -> dict:
        return {"keys": list(self.core_memory.keys())}

    def core_memory_key_search(self, query: str, k: int = 5) -> dict:
        return bm25_rank(query, list(self.core_memory.keys()), k)

    def core_memory_retrieve_all(self) -> dict:
        return self.core_memory

    # ---- archival memory
    def archival_memory_add(self, key: str, value: str) -> dict:
        return self._add(self.archival_memory, key, value, MAX_ARCHIVAL_MEMORY_SIZE, MAX_ARCHIVAL_MEMORY_ENTRY_LENGTH,
                         "Long term memory is full. Please clear some entries.", "Key added.")  # fmt: skip

    def archival_memory_remove(self, key: str) -> dict:
        if key in self.archival_memory:
            del self.archival_memory[key]
            return {"status": "Key removed."}
        return {"error": "Key not found."}

    def archival_memory_replace(self, key: str, value: str) -> dict:
        return self._replace(self.archival_memory, key, value, MAX_ARCHIVAL_MEMORY_ENTRY_LENGTH)

    def archival_memory_clear(self) -> dict:
        self.archival_memory = {}
        return {"status": "Long term memory cleared."}

    def archival_memory_retrieve(self, key: str) -> dict:
        if key not in self.archival_memory:
            return {"error": "Key not found."}
        return {"value": self.archival_memory[key]}

    def archival_memory_list_keys(self) -> dict:
        return {"keys": list(self.archival_memory.keys())}

    def archival_memory_key_search(self, query: str, k: int = 5) -> dict:
        return bm25_rank(query, list(self.archival_memory.keys()), k)
