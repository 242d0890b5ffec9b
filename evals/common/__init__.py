"""Answer extraction shared by several benchmarks."""
