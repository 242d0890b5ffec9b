"""BFCL v4: the agentic categories (web search, memory), format sensitivity and the v4 overall score.

Reference: bfcl-eval 2026.3.23 (ShishirPatil/gorilla 6ea57973), as used by NeMo-Skills 7205c43
(`ns_bfcl_v4`). The single-turn and multi-turn categories live in evals/bfcl/ and
evals/bfcl/multi_turn/; this package holds only what v4 adds.
"""
