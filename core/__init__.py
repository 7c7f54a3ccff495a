"""IslandRun core: the headless engine (routing, privacy, capacity, engines, ledger).

Nothing in this package imports Qt; the tray app in ``islandrun.app`` is a client of the
daemon built from it.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
