"""tests/remote: the session's llama_cpp.server fixture is registered in tests/conftest.py (one process for the
whole session; see llama_island.py); ``free_port`` stays importable from here."""

from __future__ import annotations

from .llama_island import free_port

__all__ = ["free_port"]
