"""BFCL v3 (Berkeley Function Calling Leaderboard): requests, decoding, the AST checker, the v3 score.

The multi-turn categories live in evals/bfcl/multi_turn (built separately); this package covers the
13 single-turn categories, the request side shared with multi-turn, and the overall formulas.
"""
