"""Benchmark: summary + movement for 80,000 households over two review years, from the CLI.

    python -m bench reports [--households N] [--runs 3] [--keep DB]

Builds (with ``executemany``, the fast path; no per-household save or classification) a
database of 40 communes × 10 villages with ``N`` households reviewed in 2022 and again in 2023
(≈ 2 % leave, ≈ 2.5 % new ones arrive carrying ``phan_loai_truoc``), class mix ≈ 4 % poor,
3.5 % near-poor, 10 % average, and year-to-year transitions in proportions like the published
reviews (most poor stay poor, some escape, a few relapse), three members per household. It then
times, as a user would run them (a fresh ``python -m povdesk`` process each time, median of
``--runs``):

* ``report summary --year 2023 --compare 2022 --json`` (by commune) — goal < 2 s;
* the same ``--by thon``;
* ``report summary --year 2023 --json`` (no movement);

and the floors they are compared with: the interpreter starting and importing the CLI
(``python -m povdesk --version``), and the bare sqlite3 aggregate that any summary must at least
do — one ``GROUP BY ma_xa`` count over the year's households joined to their classifications.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from povdesk.workspace import Workspace

YEARS = (2022, 2023)
COMMUNES = 40
VILLAGES = 10
# transition probabilities from the 2022 class to the 2023 class
STEP = {
    "poor": (("poor", 0.70), ("near_poor", 0.15), ("average", 0.10), ("not_poor", 0.05)),
    "near_poor": (("poor", 0.05), ("near_poor", 0.60), ("average", 0.25), ("not_poor", 0.10)),
    "average": (("poor", 0.01), ("near_poor", 0.03), ("average", 0.70), ("not_poor", 0.26)),
    "not_poor": (("poor", 0.003), ("near_poor", 0.01), ("average", 0.02), ("not_poor", 0.967)),
}
START = (("poor", 0.04), ("near_poor", 0.035), ("average", 0.10), ("not_poor", 0.825))
PLT = {"poor": "nghèo", "near_poor": "cận nghèo"}
HH_COLS = (
    "id, ma_xa, ma_ho, nam_ra_soat, village_id, ten_xa, thon, khu_vuc, ngay_ra_soat, chu_ho, "
    "thu_nhap_bq, phan_loai_truoc, tuong, khung, mai, dien_tich_nha, nguon_nuoc, nha_tieu, "
    "dung_internet, content_hash, created_at, updated_at"
)
CL_COLS = "household_id, rule_set, klass, deprived, deprivation_count, income, line, explanation, inputs, classified_at"
M_COLS = "household_id, stt, ho_ten, quan_he, gioi_tinh, ngay_sinh, dan_toc"
INCOME = {"poor": 1_200_000, "near_poor": 1_400_000, "average": 2_000_000, "not_poor": 4_000_000}
DEPRIVED = {"poor": "1.2; 2.2; 4.1; 5.2", "near_poor": "2.2; 5.2", "average": "2.2", "not_poor": ""}


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    x, acc = rng.random(), 0.0
    for value, p in table:
        acc += p
        if x < acc:
            return value
    return table[-1][0]


def build(db: Path, households: int, seed: int = 7) -> int:
    """Create the database; returns the number of household records (both years)."""
    rng = random.Random(seed)
    Workspace.open(db).close()  # schema via the real migrations
    conn = sqlite3.connect(db)
    now = "2023-10-15T00:00:00+07:00"
    communes = [f"{10000 + i * 7:05d}" for i in range(COMMUNES)]
    hrows: list[tuple[object, ...]] = []
    crows: list[tuple[object, ...]] = []
    mrows: list[tuple[object, ...]] = []
    hid = 0

    def add(ma_xa: str, n: int, year: int, vid: int, thon: str, klass: str, plt: str | None) -> None:
        nonlocal hid
        hid += 1
        hrows.append((hid, ma_xa, f"H{n:06d}", year, vid, f"Xã {ma_xa}", thon, "nông thôn", f"{year}-10-15",
                      "Chủ hộ", INCOME[klass], plt, "bền chắc", "bền chắc", "bền chắc", 40.0, "nước máy",
                      "tự hoại", 1, f"x{hid}", now, now))  # fmt: skip
        dep = DEPRIVED[klass]
        crows.append((hid, "VN-2022", klass, dep, len(dep.split("; ")) if dep else 0, INCOME[klass],
                      1_500_000, klass, "{}", now))  # fmt: skip
        for stt in (1, 2, 3):
            mrows.append((hid, stt, f"Người {stt}", "chủ hộ" if stt == 1 else "con", "nam", "1980", "01"))

    with conn:
        conn.executemany("INSERT INTO communes (code, name, area) VALUES (?,?,'nông thôn')",
                         [(c, f"Xã {c}") for c in communes])  # fmt: skip
        vids = {}
        for c in communes:
            for v in range(VILLAGES):
                cur = conn.execute(
                    "INSERT INTO villages (commune_code, name) VALUES (?,?)", (c, f"Thôn {v + 1}")
                )
                vids[c, v] = cur.lastrowid
        per = households // COMMUNES
        for ci, c in enumerate(communes):
            next_code = per
            for n in range(per):
                v = n % VILLAGES
                k0 = _pick(rng, START)
                add(c, n, 2022, vids[c, v], f"Thôn {v + 1}", k0, None)
                if rng.random() < 0.02:
                    continue  # left (died, moved away, merged)
                add(c, n, 2023, vids[c, v], f"Thôn {v + 1}", _pick(rng, STEP[k0]), PLT.get(k0))
            for _ in range(int(per * 0.025)):  # new households in 2023
                v = rng.randrange(VILLAGES)
                k1 = _pick(rng, START)
                plt = PLT.get(_pick(rng, START)) if rng.random() < 0.3 else None
                add(c, next_code, 2023, vids[c, v], f"Thôn {v + 1}", k1, plt)
                next_code += 1
            del ci
        conn.executemany(f"INSERT INTO households ({HH_COLS}) VALUES ({','.join('?' * 22)})", hrows)
        conn.executemany(f"INSERT INTO classifications ({CL_COLS}) VALUES ({','.join('?' * 10)})", crows)
        conn.executemany(f"INSERT INTO members ({M_COLS}) VALUES ({','.join('?' * 7)})", mrows)
    conn.execute("ANALYZE")
    conn.close()
    return len(hrows)


def _time_cli(db: Path, args: list[str], runs: int) -> tuple[float, str]:
    """Median wall time of ``python -m povdesk --db DB ARGS`` after one untimed warm-up run.

    Byte-code caching is allowed (``PYTHONDONTWRITEBYTECODE`` removed) as in an installed app;
    otherwise every run would recompile povdesk's sources (≈ 0.15 s here).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-m", "povdesk", "--db", str(db), *args]
    subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    times, out = [], ""
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
        times.append(time.perf_counter() - t)
        out = proc.stdout
    return statistics.median(times), out


def _floor_sql(db: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        conn = sqlite3.connect(db)
        t = time.perf_counter()
        conn.execute(
            "SELECT h.ma_xa, COUNT(*), SUM(c.klass = 'poor') FROM households h"
            " JOIN classifications c ON c.household_id = h.id WHERE h.nam_ra_soat = 2023 GROUP BY h.ma_xa"
        ).fetchall()
        times.append(time.perf_counter() - t)
        conn.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench reports", description=__doc__.split("\n")[0])
    ap.add_argument("--households", type=int, default=80_000, help="households per year (default 80000)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build (or reuse) the database at this path")
    a = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory() if a.keep is None else None
    db = a.keep if a.keep is not None else Path(tmp.name) / "bench-reports.sqlite"  # type: ignore[union-attr]
    if not db.exists():
        t = time.perf_counter()
        n = build(db, a.households)
        print(f"built {n:,} household records (2 years) in {time.perf_counter() - t:.1f} s: {db}")
    start, _ = _time_cli(db, ["--version"], a.runs)
    sql = _floor_sql(db, a.runs)
    rows = [
        ("summary --compare (by xa)", ["report", "summary", "--year", "2023", "--compare", "2022", "--json"]),
        ("summary --compare --by thon", ["report", "summary", "--year", "2023", "--compare", "2022", "--by", "thon",
                                         "--json"]),
        ("summary (no compare)", ["report", "summary", "--year", "2023", "--json"]),
    ]  # fmt: skip
    print(f"floor: python -m povdesk --version      {start * 1000:8.0f} ms")
    print(f"floor: bare sqlite GROUP BY (2023)       {sql * 1000:8.0f} ms")
    for label, args in rows:
        t, out = _time_cli(db, args, a.runs)
        total = json.loads(out)["total"]
        goal = "  (goal < 2000 ms: " + ("met" if t < 2 else "MISSED") + ")" if "compare" in label else ""
        print(f"{label:38s} {t * 1000:8.0f} ms  = startup + {(t - start) * 1000:5.0f} ms"
              f"  ({(t - start) / sql:4.1f}× the bare aggregate){goal}")  # fmt: skip
        if "by xa" in label:
            print(f"    total: households {total['households']}, poor {total['poor']} ({total['poor_rate']} %),"
                  f" poor_prev {total['poor_prev']}, escaped {total['escaped_poor']}, new {total['new_poor']},"
                  f" relapsed {total['relapsed_poor']}")  # fmt: skip
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
