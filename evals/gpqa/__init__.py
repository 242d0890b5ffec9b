"""GPQA Diamond as NeMo-Skills evaluates it with prompt config eval/aai/mcq-4choices."""
