"""The packaged app's entry point: ``python -m islandrun`` inside a Briefcase bundle.

installers/package.py stages this file as ``islandrun/__main__.py``. One bundle, two programs:
called as ``islandrun`` (``/usr/bin/islandrun``) or with arguments, it is the CLI
(``islandrun serve``, ``islandrun doctor``, ...); called as ``islandrun-tray``, or as the app
itself without arguments (double-clicking IslandRun.app or IslandRun.exe), it starts the tray app.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    # Case matters: the macOS and Windows app binaries are called "IslandRun" (the tray app when
    # started without arguments); "islandrun" is the CLI.
    program = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    if program == "islandrun-tray" or (program != "islandrun" and len(sys.argv) <= 1):
        from islandrun.app.main import main as tray

        sys.exit(tray())
    else:
        from islandrun.core.cli.main import main as cli

        sys.argv[0] = "islandrun"
        cli()


if __name__ == "__main__":
    main()
