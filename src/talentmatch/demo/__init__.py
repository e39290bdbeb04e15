"""A realistic, deterministic demo marketplace."""
