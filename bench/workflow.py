"""Benchmark: what the review workflow and the audit chain cost on the write path, and verify speed.

    python -m bench workflow [--households N] [--keep DB]

On a sample commune of N households (default 5,000) of one review year:

* ``save_many`` of N households with the edit guard and the operation seal, against the same call
  with both stubbed out (the cost the workflow adds to every household write);
* ``start_year`` (N review records, N households copied forward into the next year);
* one batch step (``accept`` of N records in one transaction: stage, event, audit entry each);
* the review queue (all rows, with the SQL jump flags) and ``audit.verify()`` over the whole log,
  against floors: reading the same audit rows with bare sqlite3, and sha256 over them.

Prints seconds and ratios. Results drift between machines; the ratios hold.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from povdesk.reviews import QueueFilter
from povdesk.sample import SAMPLE_COMMUNE, sample_households
from povdesk.workspace import Workspace
from povdesk.yearstart import start_year

YEAR = 2024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench workflow")
    ap.add_argument("--households", type=int, default=5000)
    ap.add_argument("--keep", type=Path, help="keep the database here")
    args = ap.parse_args(argv)
    n = args.households
    households = [replace(h, nam_ra_soat=YEAR, ngay_ra_soat=h.ngay_ra_soat.replace(year=YEAR))
                  for h in sample_households(n)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with Workspace.open(base / "plain.sqlite") as ws:
            ws.communes.add(SAMPLE_COMMUNE)
            ws.reviews.guard_edit = lambda keys, survey=True: None  # type: ignore[method-assign]
            ws.audit.seal = lambda op: None  # type: ignore[method-assign]
            plain, _ = _timed(lambda: ws.households.save_many(households))
        db = args.keep or base / "workflow.sqlite"
        with Workspace.open(db) as ws:
            ws.communes.add(SAMPLE_COMMUNE)
            full, _ = _timed(lambda: ws.households.save_many(households))
            listed, rep = _timed(lambda: start_year(ws, SAMPLE_COMMUNE.code, YEAR + 1))
            ids = list(rep.listed)
            with ws.atomic():
                ws.conn.execute("UPDATE reviews SET stage='submitted'")
            accept, _ = _timed(lambda: ws.reviews.apply("accept", ids))
            queue, rows = _timed(lambda: ws.reviews.queue(QueueFilter(year=YEAR + 1)))
            verify, report = _timed(ws.audit.verify)
            floor_read, entries = _timed(
                lambda: ws.conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
            )
            floor_hash, _ = _timed(lambda: [hashlib.sha256(repr(e).encode()).hexdigest() for e in entries])
            history = ws.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    print(
        f"households: {n}; review records: {len(ids)}; audit entries: {len(entries)}; history rows: {history}"
    )
    print(f"save_many without guard+seal   {plain:7.3f} s")
    print(f"save_many with guard+seal      {full:7.3f} s   ratio {full / plain:5.2f}")
    print(f"start_year ({len(ids)} records, copies) {listed:7.3f} s   {len(ids) / listed:8.0f} records/s")
    print(f"accept {len(ids)} in one batch      {accept:7.3f} s   {len(ids) / accept:8.0f} records/s")
    print(f"queue rows ({len(rows)})            {queue:7.3f} s")
    print(f"audit verify ({'ok' if report.ok else 'NOT OK'})              {verify:7.3f} s")
    print(f"floor: read + sha256 audit rows {floor_read + floor_hash:7.3f} s   "
          f"verify ratio {verify / (floor_read + floor_hash):5.2f}")  # fmt: skip
    return 0 if report.ok else 1
