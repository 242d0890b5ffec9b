"""One folder per benchmark: its pytest face beside its own pure modules."""
