"""The ``islandrun`` command line. Each command group lives in its own module and is
registered in :mod:`.main`."""
