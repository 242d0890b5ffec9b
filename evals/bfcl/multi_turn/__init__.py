"""BFCL v3 multi-turn categories: simulated APIs, the generation loop and the state/response checker."""
