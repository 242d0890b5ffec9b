"""Humanity's Last Exam (cais/hle), judged by an LLM as NeMo-Skills' ns_hle does, with the official HLE metrics."""
