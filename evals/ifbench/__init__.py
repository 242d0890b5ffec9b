"""IFBench (allenai/IFBench at c6767a1, as NeMo-Skills runs it): data, the 58 checkers, strict/loose scoring, metrics."""
