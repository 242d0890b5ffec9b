"""MMLU-Pro, the pilot benchmark."""
