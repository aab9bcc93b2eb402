"""Desktop benchmark: 100,000 households / 400,000 members in the household list and editor.

    python -m bench desktop [--households N] [--db PATH] [--keep]

Generates the database in a child process (``povdesk.sample`` fast path: ``executemany``,
triggers included, then the search-index refresh), so the measured process's peak RSS is the
app's, not the generator's. Then, offscreen: first paint of the list, a search keystroke
updating the list (typing "nguyen van hoa" one key at a time), opening a household with 20
members in the editor, and peak RSS — each against its goal and a raw-library floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"first_paint_ms": 150, "keystroke_ms": 50, "open_ms": 100, "rss_mb": 200}


def generate(path: Path, households: int) -> None:
    from povdesk.queries import refresh_search_index
    from povdesk.sample import bulk_insert
    from povdesk.workspace import Workspace

    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    with Workspace.open(path) as ws:
        t = time.perf_counter()
        bulk_insert(ws.conn, households, members_per_household=4)
        bulk_insert(ws.conn, 1, members_per_household=20, seed=99)
        t_insert = time.perf_counter() - t
        t = time.perf_counter()
        refresh_search_index(ws)
        t_index = time.perf_counter() - t
    print(
        f"generated {households:,} households (+1 with 20 members): insert {t_insert:.1f} s, index {t_index:.1f} s"
    )


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def measure(path: Path) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from povdesk.db import connect
    from povdesk.drafts import Drafts
    from povdesk.workspace import Workspace
    from ui.tasks import reader_workspace
    from ui.views.editor import HouseholdEditor
    from ui.views.household_list import HouseholdListView

    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(path)
    reader = reader_workspace(ws)
    out: dict[str, float] = {}

    raw = connect(path, readonly=True)
    t = time.perf_counter()
    ids = [r[0] for r in raw.execute("SELECT id FROM households").fetchall()]
    out["floor_ids_ms"] = _ms(t)

    t = time.perf_counter()
    view = HouseholdListView(reader.conn)
    view.resize(1366, 700)
    view.show()
    app.processEvents()
    view.table.viewport().grab()
    out["first_paint_ms"] = _ms(t)
    assert len(view.model.ids) == len(ids)

    times, floors = [], []
    text = "nguyen van hoa"
    for i in range(1, len(text) + 1):
        prefix = text[:i]
        t = time.perf_counter()
        view.search.setText(prefix)
        view.apply_filter()
        view.table.viewport().grab()
        times.append(_ms(t))
        words = prefix.split()
        if words:
            match = " ".join(f'"{w}"*' for w in words)
            t = time.perf_counter()
            raw.execute("SELECT rowid FROM household_fts WHERE household_fts MATCH ?", (match,)).fetchall()
            floors.append(_ms(t))
    out["keystroke_ms"] = statistics.median(times)
    out["keystroke_max_ms"] = max(times)
    out["floor_fts_ms"] = statistics.median(floors)
    out["search_hits"] = len(view.model.ids)

    hid = raw.execute(
        "SELECT household_id FROM members GROUP BY household_id HAVING count(*) = 20 LIMIT 1"
    ).fetchone()[0]
    editor = HouseholdEditor(ws, Drafts(Path(tempfile.mkdtemp()) / "x.sqlite"))
    editor.resize(1366, 700)
    editor.show()
    app.processEvents()
    t = time.perf_counter()
    raw.execute("SELECT * FROM members WHERE household_id = ?", (hid,)).fetchall()
    out["floor_open_ms"] = _ms(t)
    t = time.perf_counter()
    h = reader.households.get(hid)
    editor.load(h, hid)
    app.processEvents()
    editor.grab()
    out["open_ms"] = _ms(t)
    assert editor.roster.rowCount() == 20 and editor.classification is not None

    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def report(r: dict[str, float]) -> int:
    def line(name: str, key: str, floor_key: str | None) -> bool:
        ok = r[key] < GOALS[key]
        floor = (
            f"  floor {r[floor_key]:.1f} ms (×{r[key] / max(r[floor_key], 0.01):.1f})" if floor_key else ""
        )
        print(f"{name:<34} {r[key]:8.1f} {'MB' if key == 'rss_mb' else 'ms'}  goal < {GOALS[key]}  "
              f"{'OK' if ok else 'MISSED'}{floor}")  # fmt: skip
        return ok

    oks = [
        line("first paint of the list", "first_paint_ms", "floor_ids_ms"),
        line("search keystroke (median)", "keystroke_ms", "floor_fts_ms"),
        line("open a 20-member household", "open_ms", "floor_open_ms"),
        line("peak RSS", "rss_mb", None),
    ]
    print(f"{'search keystroke (worst: 1–2 letters)':<34} {r['keystroke_max_ms']:8.1f} ms")
    return 0 if all(oks) else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench desktop")
    p.add_argument("--households", type=int, default=100_000)
    p.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "povdesk-bench-desktop.sqlite")
    p.add_argument("--keep", action="store_true", help="reuse an existing generated database")
    p.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv or [])
    if args.generate_only:
        generate(args.db, args.households)
        return 0
    if args.measure_only:
        return report(measure(args.db))
    if not (args.keep and args.db.exists()):
        cmd = [sys.executable, "-m", "bench", "desktop", "--generate-only", "--db", str(args.db),
               "--households", str(args.households)]  # fmt: skip
        subprocess.run(cmd, check=True, cwd=Path(__file__).resolve().parents[1])
    cmd = [sys.executable, "-m", "bench", "desktop", "--measure-only", "--db", str(args.db)]
    return subprocess.run(cmd, cwd=Path(__file__).resolve().parents[1]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
