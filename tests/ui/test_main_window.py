"""The desktop app starts on a database and shows its households."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_main_window_lists_households(qtbot: QtBot, ws: Workspace, raw_household: dict[str, Any]) -> None:
    """The main window's table shows a saved household with its Vietnamese class label."""
    h, _ = household_from_raw(raw_household, raw_household["thanh_vien"])
    assert h is not None
    ws.households.save(h)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    model = w.table.model()
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "H001" in cells and "nghèo" in cells and "1.450.000" in cells


def test_main_py_starts_and_screenshots(tmp_path: Path) -> None:
    """`python main.py --db X --screenshot Y` starts the app offscreen, creates the DB and saves a PNG."""
    db, shot = tmp_path / "new.sqlite", tmp_path / "shot.png"
    out = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "--screenshot", str(shot)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    assert db.exists()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
