"""Benchmarks: scripts that print figures (python bench/serve.py, python bench/search_latency.py). See README.md."""
