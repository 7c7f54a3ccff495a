"""Loading the regional finders' tables (:mod:`.regional`) before the first request rather than on it.

The Thai health-term automaton, the Bengali stem index and the Persian joined-compound pattern are built
lazily from ``data/medical_multilingual.txt`` on the first text in their script (~0.1-0.3 s once); the
detector's warm-up builds them here by name instead of detecting sample sentences.
"""

from __future__ import annotations

from .medical_bengali_forms import _index as _bengali_index
from .medical_persian_joined import _pattern as _persian_pattern
from .medical_thai import _automaton as _thai_automaton

__all__ = ["warm_up_regional"]


def warm_up_regional() -> None:
    """Build the Thai term automaton, the Bengali index and the Persian pattern now (each once per process)."""
    _thai_automaton()
    _bengali_index()
    _persian_pattern()
