"""Benchmarks: ``python -m bench [name] [options]`` (see bench/__main__.py)."""
