"""Entry point of the bundled ``povdesk`` command: a console executable beside ``povdesk-gui``.

The desktop executable (built from ``main.py``) is windowed on Windows, so it has no console to
print to; the command line is its own small executable in the same folder, sharing the Qt-free
core, the resources and the Python runtime (see packaging/povdesk.spec).
"""

from __future__ import annotations

import sys

from povdesk.cli import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a big Excel import checks households in worker processes
    sys.exit(main())
