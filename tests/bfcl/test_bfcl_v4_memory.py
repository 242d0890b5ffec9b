"""Memory backends (kv, vector, rec_sum): the reference's outputs and errors, retrieval, snapshots,
and prerequisite conversations building the snapshot each question starts from."""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from evals.bfcl.v4.agent import SnapshotBook, run_memory_question, run_prereqs
from evals.bfcl.v4.agentic import score_agentic
from evals.bfcl.v4.data import AgenticItem, PrereqConversation
from evals.bfcl.v4.executor import execute_step
from evals.bfcl.v4.memory_kv import MemoryAPI_kv
from evals.bfcl.v4.memory_rec_sum import MemoryAPI_rec_sum
from evals.bfcl.v4.memory_vector import MemoryAPI_vector, NumpyIndex, VectorExtraMissing, load_encoder

DATA = Path(__file__).parent / "data_v4"
CASES = json.loads((DATA / "reference_cases.json").read_text(encoding="utf-8"))
REFERENCE = json.loads((DATA / "reference_outputs.json").read_text(encoding="utf-8"))


def run_ops(instance, ops):
    return [execute_step(instance, [{name: json.dumps(args)}])[0] for name, args in ops]


def test_kv_outputs_and_errors_match_reference():
    assert run_ops(MemoryAPI_kv(), CASES["KV_OPS"]) == REFERENCE["kv"]


def test_kv_archival_size_limit_matches_reference():
    fill = [("archival_memory_add", {"key": f"k_{i}", "value": str(i)}) for i in range(CASES["KV_FILL_ARCHIVAL"])]
    assert run_ops(MemoryAPI_kv(), fill)[-2:] == REFERENCE["kv_fill"]
    assert REFERENCE["kv_fill"][-1] == '{"error": "Long term memory is full. Please clear some entries."}'


def test_rec_sum_outputs_and_errors_match_reference():
    assert run_ops(MemoryAPI_rec_sum(), CASES["REC_OPS"]) == REFERENCE["rec"]


def test_bm25_key_search_ranks_known_keys():
    memory = MemoryAPI_kv()
    for key in ("favorite_coffee_order", "home_address", "dentist_appointment_date", "coffee_machine_model"):
        assert memory.archival_memory_add(key, "v") == {"status": "Key added."}
    ranked = memory.archival_memory_key_search("coffee order", k=2)["ranked_results"]
    assert [key for _, key in ranked] == ["favorite_coffee_order", "coffee_machine_model"]
    assert ranked[0][0] > ranked[1][0]
    # an empty memory makes BM25+ divide by zero; the reference reports that to the model
    assert execute_step(MemoryAPI_kv(), [{"core_memory_key_search": '{"query": "x"}'}]) == [
        "Error during execution: division by zero"
    ]


def test_kv_snapshot_round_trip_and_context_dump():
    memory = MemoryAPI_kv()
    assert memory.dump_core_memory_to_context() == "There is no content in the core memory at this point."
    memory.core_memory_add("user_name", "Michael")
    memory.archival_memory_add("order_id", "12345")
    snapshot = memory.snapshot()
    assert json.loads(json.dumps(snapshot)) == snapshot == {
        "core_memory": {"user_name": "Michael"},
        "archival_memory": {"order_id": "12345"},
    }
    restored = MemoryAPI_kv()
    restored.restore(snapshot)
    assert restored.dump_core_memory_to_context() == '{\n    "user_name": "Michael"\n}'
    restored.core_memory_add("home_city", "Seattle")
    assert memory.core_memory == {"user_name": "Michael"}  # the snapshot is a copy


def test_rec_sum_snapshot_and_context():
    memory = MemoryAPI_rec_sum()
    assert memory.dump_core_memory_to_context() == "There is no content in the memory at this point."
    memory.memory_append("Michael, Seattle.")
    restored = MemoryAPI_rec_sum()
    restored.restore(memory.snapshot())
    assert restored.dump_core_memory_to_context() == "Michael, Seattle."
    with pytest.raises(ValueError, match="should be a string"):
        MemoryAPI_rec_sum().restore({"memory": ["not", "text"]})


class ToyEncoder:
    """Bag-of-words vectors over a fixed vocabulary: deterministic, no model needed."""

    vocab = ["seattle", "city", "live", "coffee", "latte", "drink", "order", "shipped", "monday", "dog"]

    def get_sentence_embedding_dimension(self) -> int:
        return len(self.vocab)

    def encode(self, texts, normalize_embeddings=True):
        rows = []
        for text in texts:
            words = text.lower().replace(".", " ").replace("?", " ").split()
            vec = np.array([float(sum(w.startswith(v) for w in words)) for v in self.vocab]) + 1e-3
            rows.append(vec / np.linalg.norm(vec))
        return np.array(rows, dtype=np.float32)


def toy_vector_memory() -> MemoryAPI_vector:
    return MemoryAPI_vector(encoder=ToyEncoder(), index_factory=NumpyIndex)


def test_vector_store_ids_limits_and_errors():
    memory = toy_vector_memory()
    assert memory.core_memory_add("I live in Seattle.") == {"id": 0}
    assert memory.core_memory_add("x" * 301) == {"error": "Entry length exceeds maximum length of 300 characters."}
    for n in range(6):
        assert memory.core_memory_add(f"note {n}") == {"id": n + 1}
    assert memory.core_memory_add("one too many") == {"error": "Memory size exceeds maximum size of 7 entries."}
    assert memory.core_memory_remove(3) == {"status": "ID 3 removed from store."}
    assert memory.core_memory_remove(3) == {"error": "ID 3 not present in store."}
    assert memory.core_memory_add("after removal") == {"id": 7}  # ids are never reused
    assert memory.core_memory_update(99, "x") == {"error": "ID 99 not present in store."}
    assert memory.core_memory_update(0, "y" * 301) == {"error": "Entry length exceeds maximum length of 300 characters."}
    assert memory.archival_memory_add("z" * 2001) == {"error": "Entry length exceeds maximum length of 2000 characters."}
    assert memory.archival_memory_retrieve("anything") == {"result": []}
    assert memory.core_memory_clear() == {"status": "Memory cleared."}
    assert memory.core_memory_add("fresh") == {"id": 0}
    # wrong argument names are reported the way Python words them for the reference's class
    assert execute_step(memory, [{"core_memory_add": '{"content": "x"}'}]) == [
        "Error during execution: MemoryAPI_vector.core_memory_add() got an unexpected keyword argument 'content'"
    ]


def test_vector_retrieval_and_snapshot_with_toy_encoder():
    memory = toy_vector_memory()
    memory.archival_memory_add("I live in Seattle, a rainy city.")
    memory.archival_memory_add("My favourite drink is a matcha latte.")
    memory.archival_memory_add("The order shipped on Monday.")
    found = memory.archival_memory_retrieve("which city do I live in", top_k=2)["result"]
    assert found[0]["id"] == 0
    assert found[0]["similarity_score"] > found[1]["similarity_score"]
    snapshot = memory.snapshot()
    assert snapshot["archival_memory"]["next_id"] == 3 and set(snapshot["archival_memory"]["store"]) == {"0", "1", "2"}
    restored = toy_vector_memory()
    restored.restore(json.loads(json.dumps(snapshot)))
    assert restored.archival_memory_retrieve("latte drink", top_k=1)["result"][0]["id"] == 1
    assert restored.archival_memory_add("new") == {"id": 3}
    # the reference dumps the core store even when it is empty
    assert restored.dump_core_memory_to_context() == "{}"


@pytest.fixture(scope="module")
def minilm():
    try:
        return load_encoder()
    except VectorExtraMissing as exc:
        pytest.skip(str(exc))


def test_vector_retrieval_with_all_minilm_l6_v2(minilm):
    memory = MemoryAPI_vector(encoder=minilm)
    texts = [
        "The user lives in Seattle and works as a freelance graphic designer.",
        "The user's dog is a golden retriever named Biscuit.",
        "The espresso machine order shipped on Monday with a milk frother.",
        "The user is allergic to penicillin.",
    ]
    for n, text in enumerate(texts):
        assert memory.archival_memory_add(text) == {"id": n}
    cases = {
        "What is the name of my pet?": 1,
        "Which city do I live in?": 0,
        "When was my coffee machine sent out?": 2,
        "Which medication must I avoid?": 3,
    }
    for query, expected in cases.items():
        hits = memory.archival_memory_retrieve(query, top_k=2)["result"]
        assert hits[0]["id"] == expected, (query, hits)
        assert 0 < hits[0]["similarity_score"] <= 1.0001
    vector = np.asarray(minilm.encode(["hello"], normalize_embeddings=True))
    assert vector.shape == (1, 384) and abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    restored = MemoryAPI_vector(encoder=minilm)
    restored.restore(memory.snapshot())
    again = restored.archival_memory_retrieve("What is the name of my pet?", top_k=1)["result"][0]
    first = memory.archival_memory_retrieve("What is the name of my pet?", top_k=1)["result"][0]
    assert again["id"] == first["id"] and again["similarity_score"] == pytest.approx(first["similarity_score"], abs=1e-6)


# ------------------------------------------------------------------ prerequisite conversations


@dataclass
class Reply:
    content: str | None
    tool_calls: list[dict[str, Any]] | None = None


def tool_call(name: str, **args) -> dict[str, Any]:
    digest = hashlib.sha1(json.dumps([name, args]).encode()).hexdigest()[:8]
    return {"id": f"call_{digest}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


class ScriptedModel:
    """Replies in order; records the messages it was shown."""

    def __init__(self, replies: list[Reply]):
        self.replies = list(replies)
        self.seen: list[list[dict[str, Any]]] = []

    async def __call__(self, messages, tools):
        self.seen.append(json.loads(json.dumps(messages)))
        return self.replies.pop(0)


def prereq(position: int, turns: list[str]) -> PrereqConversation:
    return PrereqConversation(
        id=f"memory_kv_prereq_{position}-customer-{position}", category="memory_kv_prereq", scenario="customer",
        position=position, topic="t", turns=[[{"role": "user", "content": text}] for text in turns],
    )  # fmt: skip


def test_prereq_conversations_build_the_snapshot_questions_start_from():
    conversations = [
        prereq(0, ["Hi, I'm Michael, 35, from Seattle.", "I like strawberry matcha lattes."]),
        prereq(1, ["My kitchen counter is 38 square feet."]),
    ]
    model = ScriptedModel([
        Reply(None, [tool_call("core_memory_add", key="user_name", value="Michael"), tool_call("core_memory_add", key="home_city", value="Seattle")]),
        Reply("Nice to meet you, Michael!"),
        Reply(None, [tool_call("archival_memory_add", key="favorite_drink", value="strawberry matcha latte")]),
        Reply("Noted."),
        Reply(None, [tool_call("archival_memory_add", key="kitchen_counter", value="38 square feet")]),
        Reply(None, [tool_call("core_memory_add", key="user_name", value="Mike")]),
        Reply("Got it."),
    ])  # fmt: skip
    snapshot, runs = asyncio.run(run_prereqs(model, conversations, [], MemoryAPI_kv))
    assert snapshot == {
        "core_memory": {"user_name": "Michael", "home_city": "Seattle"},
        "archival_memory": {"favorite_drink": "strawberry matcha latte", "kitchen_counter": "38 square feet"},
    }
    # the first conversation starts from empty memory, the second sees the first one's core memory
    first_system = model.seen[0][0]["content"]
    assert first_system.endswith("There is no content in the core memory at this point.\n")
    assert first_system.startswith("You are a general customer support assistant")
    second_system = model.seen[4][0]
    assert second_system["role"] == "system" and '"user_name": "Michael"' in second_system["content"]
    # tool results go back as tool messages, errors included
    tool_messages = [m for m in model.seen[-1] if m["role"] == "tool"]
    assert [m["content"] for m in tool_messages] == ['{"status": "Key added."}', '{"error": "Key name must be unique."}']
    assert [len(run.steps) for run in runs] == [2, 1]

    item = AgenticItem(
        id="memory_kv_3-customer-3", category="memory_kv",
        turns=[[{"role": "system", "content": "ANSWER FORMAT"}, {"role": "user", "content": "What is my kitchen counter size?"}]],
        functions=[], involved_class="MemoryAPI_kv", ground_truth=["38", "thirty eight"], scenario="customer",
    )  # fmt: skip
    question_model = ScriptedModel([
        Reply(None, [tool_call("archival_memory_retrieve", key="kitchen_counter")]),
        Reply("{'answer': '38 square feet', 'context': 'from memory'}"),
    ])  # fmt: skip
    result = asyncio.run(run_memory_question(question_model, item, [], MemoryAPI_kv, snapshot))
    system = question_model.seen[0][0]["content"]
    assert '"home_city": "Seattle"' in system and system.endswith("\n\nANSWER FORMAT")
    assert question_model.seen[1][-1] == {"role": "tool", "content": '{"value": "38 square feet"}', "tool_call_id": question_model.seen[1][-2]["tool_calls"][0]["id"]}
    assert score_agentic(result.steps, item.ground_truth).valid
    # questions never write back into the scenario snapshot
    assert snapshot["archival_memory"]["kitchen_counter"] == "38 square feet"


def test_step_limit_force_quits():
    item = AgenticItem(id="memory_kv_0-customer-0", category="memory_kv", turns=[[{"role": "user", "content": "q"}]],
                       functions=[], involved_class="MemoryAPI_kv", ground_truth=["x"], scenario="customer")  # fmt: skip
    model = ScriptedModel([Reply(None, [tool_call("core_memory_list_keys")]) for _ in range(30)])
    result = asyncio.run(run_memory_question(model, item, [], MemoryAPI_kv, None))
    assert result.force_quit and len(result.steps[0]) == 21
    assert score_agentic(result.steps, ["x"]).error_type == "agentic:no_last_message"


def test_snapshot_book_builds_each_scenario_once():
    built: list[str] = []

    async def build(scenario):
        built.append(scenario)
        await asyncio.sleep(0.01)
        return {"memory": scenario}

    async def main():
        book = SnapshotBook(build)
        return await asyncio.gather(*(book.get(s) for s in ["student", "customer", "student", "student"]))

    assert asyncio.run(main()) == [{"memory": "student"}, {"memory": "customer"}, {"memory": "student"}, {"memory": "student"}]
    assert sorted(built) == ["customer", "student"]


def _same(mine: str, ref: str) -> bool:
    try:
        a, b = json.loads(mine), json.loads(ref)
    except ValueError:
        return mine == ref
    if isinstance(a, dict) and isinstance(a.get("result"), list) and isinstance(b, dict):
        strip = lambda rows: [{k: v for k, v in r.items() if k != "similarity_score"} for r in rows]  # noqa: E731
        scores = lambda rows: [r.get("similarity_score", 0.0) for r in rows]  # noqa: E731
        return strip(a["result"]) == strip(b["result"]) and scores(a["result"]) == pytest.approx(scores(b["result"]), abs=1e-5)
    return a == b


def test_vector_outputs_match_reference(minilm):
    """The reference's MemoryAPI_vector (same weights, faiss-cpu 1.11.0) on the same operations."""
    memory = MemoryAPI_vector(encoder=minilm)
    mine = run_ops(memory, CASES["VEC_OPS"])
    assert len(mine) == len(REFERENCE["vector"])
    for n, (a, b) in enumerate(zip(mine, REFERENCE["vector"])):
        assert _same(a, b), (n, CASES["VEC_OPS"][n], a, b)
    assert memory.dump_core_memory_to_context() == REFERENCE["vector_context"]


def test_context_window_error_stops_the_entry_like_nemo_skills():
    item = AgenticItem(id="memory_kv_0-customer-0", category="memory_kv", turns=[[{"role": "user", "content": "q"}]],
                       functions=[], involved_class="MemoryAPI_kv", ground_truth=["x"], scenario="customer")  # fmt: skip
    calls = 0

    async def chat(messages, tools):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("This model's maximum context length is 8192 tokens. Please reduce the length of the input messages.")
        return Reply(None, [tool_call("core_memory_list_keys")])

    result = asyncio.run(run_memory_question(chat, item, [], MemoryAPI_kv, None))
    assert result.out_of_context and len(result.steps[0]) == 1
    assert score_agentic(result.steps, ["x"]).error_type == "agentic:no_last_message"

    async def broken(messages, tools):
        raise RuntimeError("connection reset")

    with pytest.raises(RuntimeError, match="connection reset"):
        asyncio.run(run_memory_question(broken, item, [], MemoryAPI_kv, None))
