"""Benchmarks at town (10,000 registrants) and stress (1,000,000) scale: `python -m bench`."""
