"""Trace-driven evaluation of IslandRun: the project's real router, capacity gates and detection
over simulated islands (see docs/evaluation.md). Run ``python -m benchmarks.scenarios.run``."""

__all__: list[str] = []
