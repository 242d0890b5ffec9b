"""AIME 2025 as NeMo-Skills evaluates it: last \\boxed{} answer, math_equal through math-verify."""
