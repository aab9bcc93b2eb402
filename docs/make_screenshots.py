"""Rebuild the user guide's screenshots (docs/screenshots/*.png) from the sample commune.

    .venv/bin/python docs/make_screenshots.py

Creates a throw-away database holding the sample commune (povdesk.sample), then runs
``main.py --db DB --screenshot docs/screenshots/<name>.png`` offscreen for every view the app
offers (``--view`` choices, read from ``main.py --help``), plus the first-run window on an empty
database. The guide only references files this script writes; tests/core/test_docs.py checks it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

#: ``--view`` value → screenshot file name (Vietnamese, no diacritics).
VIEW_NAMES = {"households": "danh-sach-ho", "editor": "phieu-ho", "welcome": "man-hinh-chao"}


def shoot(db: Path, name: str, *extra: str) -> Path:
    out = OUT / f"{name}.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POVDESK_DB=str(db))
    cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--screenshot", str(out), *extra]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=120)
    print(out.relative_to(ROOT))
    return out


def views() -> list[str]:
    """The ``--view`` choices main.py accepts today (none if it has no such option)."""
    help_text = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"--view \{([^}]*)\}", help_text)
    return m.group(1).split(",") if m else []


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from povdesk.sample import create_sample
    from povdesk.workspace import Workspace

    OUT.mkdir(parents=True, exist_ok=True)
    # A fixed, readable folder name: the window's status bar shows the database path.
    tmp = Path(tempfile.gettempdir()) / "povdesk-tai-lieu"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        empty = tmp / "xa-moi.sqlite"
        shoot(empty, "lan-dau")
        sample = tmp / "xa-minh-hoa.sqlite"
        with Workspace.open(sample) as ws:
            create_sample(ws, 60)
        shown = views()
        if not shown:  # an app without --view: its one window
            shoot(sample, "cua-so-chinh")
        for view in shown:
            shoot(sample, VIEW_NAMES.get(view, view), "--view", view)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
