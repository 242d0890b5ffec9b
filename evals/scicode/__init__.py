"""SciCode: step-by-step scientific code generation, executed against the official numeric targets."""
