"""The sanitise rule (DESIGN §2), in one place: content is sanitised when it moves to an island
whose trust is below the source's, and never inside the personal group.

The router (to explain its decision), the remote dispatcher (to decide what leaves), the
approval summary and the tests all call :func:`needs_sanitizing`; nothing else decides it. What
the response and the audit say was *done* comes from the dispatch itself, never from a second
evaluation of this rule.
"""

from __future__ import annotations

from ..islands import Island

__all__ = ["needs_sanitizing"]


def needs_sanitizing(island: Island, source_trust: float) -> bool:
    """True when content from a source of ``source_trust`` must be sanitised before it reaches ``island``."""
    return not island.personal and island.trust < source_trust
