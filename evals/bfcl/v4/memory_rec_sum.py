"""Recursive-summary memory backend (bfcl-eval `MemoryAPI_rec_sum`): one text of at most 10,000 chars."""

from __future__ import annotations

from typing import Any

MAX_MEMORY_ENTRY_LENGTH = 10000


class MemoryAPI_rec_sum:  # noqa: N801 - the reference's class name appears in the model's error messages
    """This tool belongs to the memory suite, which provides APIs to manage memory data via recursive summarization."""

    backend = "rec_sum"

    def __init__(self) -> None:
        self.memory = ""

    def snapshot(self) -> dict[str, Any]:
        return {"memory": self.memory}

    def restore(self, snapshot: dict[str, Any] | None) -> None:
        if snapshot:
            if not isinstance(snapshot["memory"], str):
                raise ValueError(f"Memory data should be a string, but got {type(snapshot['memory'])} instead.")
            self.memory = snapshot["memory"]

    def dump_core_memory_to_context(self) -> str:
        if not self.memory:
            return "There is no content in the memory at this point."
        return str(self.memory)

    def memory_append(self, text: str) -> dict:
        text = str(text)
        if len(self.memory + text) > MAX_MEMORY_ENTRY_LENGTH:
            return {
                "error": "Entry will be too long after appending. Please shorten the entry to less than "
                f"{MAX_MEMORY_ENTRY_LENGTH} characters."
            }
        self.memory += text
        return {"status": "Memory appended."}

    def memory_update(self, text: str) -> dict:
        text = str(text)
        if len(text) > MAX_MEMORY_ENTRY_LENGTH:
            return {
                "error": "Entry will be too long after updating. Please shorten the entry to less than "
                f"{MAX_MEMORY_ENTRY_LENGTH} characters."
            }
        self.memory = text
        return {"status": "Memory updated."}

    def memory_clear(self) -> dict:
        self.memory = ""
        return {"status": "Short term memory cleared."}

    def memory_replace(self, old_text: str, new_text: str) -> dict:
        old_text, new_text = str(old_text), str(new_text)
        if old_text not in self.memory:
            return {"error": f"Text '{old_text}' not found in memory."}
        if len(new_text) > MAX_MEMORY_ENTRY_LENGTH:
            return {
                "error": "Entry will be too long after replacing. Please shorten the entry to less than "
                f"{MAX_MEMORY_ENTRY_LENGTH} characters."
            }
        self.memory = self.memory.replace(old_text, new_text)
        return {"status": "Memory updated."}

    def memory_retrieve(self) -> dict:
        if not self.memory:
            return {"error": "Memory is empty."}
        return {"memory_content": self.memory}
