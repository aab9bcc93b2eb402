"""Start the povdesk desktop app on the default database (or ``--db PATH``)."""

from __future__ import annotations

import sys

from ui.app import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a big Excel import checks households in worker processes
    sys.exit(main(sys.argv[1:]))
