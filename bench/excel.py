"""Benchmark: import and export of a province-sized household review workbook.

    python -m bench excel [--households 80000] [--runs 3] [--workdir DIR] [--skip-export]

Generates a workbook of ``--households`` households (≈ 4 members each: 80,000 → ≈ 320,000
member rows) with realistic Vietnamese names, dates, ID numbers and answers, in two forms:

* ``excel-like``: strings in the shared-string table, as Excel and LibreOffice save it;
* ``povdesk-export``: what ``povdesk export`` writes (xlsxwriter constant memory, inline
  strings), i.e. the file communes pass to each other.

Then, each step in a fresh process (so peak RSS is the step's own), median of ``--runs``:

* raw read: python-calamine opens the file and converts every row of both sheets;
* ``import_workbook`` into an empty database; again into the same database (all unchanged);
* raw write: xlsxwriter (constant memory) writes the very cells ``povdesk export`` writes, with
  ``write_string``/``write_number`` and no formats;
* ``export_workbook`` of the imported database.

Prints times, ratios (import ÷ raw read, goal ≤ 1.5; export ÷ raw write, goal ≤ 1.3) and peak
RSS (goal ≤ 1 GB), including the import's worker processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from povdesk.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from povdesk.text import BIRTH_PROVINCE_CODES

YEAR = 2025
FAMILY = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Hà",
    "Đinh",
]
MIDDLE = {"nam": ["Văn", "Văn", "Hữu", "Đức", "Minh", "Thanh", "Quang", "Công", "Xuân", "Đình"],
          "nữ": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Hồng", "Thuỳ", "Diệu"]}  # fmt: skip
GIVEN = {
    "nam": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hoà",
        "Hùng",
        "Khoa",
        "Long",
        "Nam",
        "Phúc",
        "Quân",
        "Sơn",
        "Tài",
        "Thắng",
        "Tuấn",
        "Việt",
        "Hải",
        "Huy",
        "Khánh",
        "Lâm",
    ],
    "nữ": [
        "Anh",
        "Chi",
        "Dung",
        "Hà",
        "Hạnh",
        "Hoa",
        "Lan",
        "Linh",
        "Mai",
        "Ngọc",
        "Nhung",
        "Phương",
        "Thảo",
        "Trang",
        "Vân",
        "Yến",
        "Thuý",
        "Hương",
        "Loan",
        "Oanh",
    ],
}
PROVINCES = sorted(BIRTH_PROVINCE_CODES)


def _name(r: random.Random, sex: str, family: str | None = None) -> str:
    return f"{family or r.choice(FAMILY)} {r.choice(MIDDLE[sex])} {r.choice(GIVEN[sex])}"


def _member(r: random.Random, ma_ho: str, stt: int, rel: str, sex: str, age: int, name: str) -> list[Any]:
    born = YEAR - age
    full = r.random() < 0.7 and age > 0
    birth = f"{r.randint(1, 28):02d}/{r.randint(1, 5):02d}/{born}" if full else str(born)  # before the survey
    pid = None
    if age >= 14 and r.random() < 0.85:
        digit = ((born - 1900) // 100) * 2 + (0 if sex == "nam" else 1)
        pid = f"{r.choice(PROVINCES)}{digit}{born % 100:02d}{r.randrange(10**6):06d}"
    poor = r.random() < 0.15
    work = None
    if age >= 15:
        work = "không tham gia lao động" if age >= 65 else r.choice(
            ["tự làm nông nghiệp", "làm công có hợp đồng", "tự làm phi nông nghiệp"]
            + (["làm công không hợp đồng", "thất nghiệp"] if poor else []))  # fmt: skip
    return [
        ma_ho, stt, name, rel, sex, birth, r.choice(["Kinh", "Kinh", "Kinh", "Tày", "Mông", "Thái"]), pid,
        work, None if age < 15 else ("không" if age >= 60 and r.random() < 0.5 else "có"),
        "có" if age >= 80 else "không", "không" if poor and age >= 6 and r.random() < 0.4 else "có",
        None if age < 16 else r.choice(["tiểu học", "THCS", "THPT", "trung cấp", "đại học trở lên"]),
        None if not 3 <= age <= 30 else ("có" if age <= 17 or r.random() < 0.2 else "không"),
        None if age >= 16 else ("thấp còi" if poor and r.random() < 0.3 else "bình thường"),
    ]  # fmt: skip


def generate(n: int, seed: int = 1) -> tuple[list[list[Any]], list[list[Any]]]:
    """Rows of sheets Ho and ThanhVien (cell values in interchange form), ≈ 4 members a household."""
    r = random.Random(seed)
    ho: list[list[Any]] = []
    tv: list[list[Any]] = []
    for i in range(n):
        xa = f"{10000 + 7 * (i // 800):05d}"
        ma_ho = f"{xa}-{i % 800 + 1:04d}"
        sex = "nam" if r.random() < 0.8 else "nữ"
        head_age = r.randint(22, 85)
        head = _name(r, sex)
        family = head.split()[0]
        members = [_member(r, ma_ho, 1, "chủ hộ", sex, head_age, head)]
        if r.random() < 0.85:
            other = "nữ" if sex == "nam" else "nam"
            age = max(18, head_age + r.randint(-5, 5))
            members.append(
                _member(r, ma_ho, 2, "vợ" if sex == "nam" else "chồng", other, age, _name(r, other))
            )
        for _ in range(r.choice([0, 1, 2, 2, 2, 3, 3, 4])):
            s = r.choice(["nam", "nữ"])
            age = max(1, head_age - r.randint(20, 38))
            members.append(_member(r, ma_ho, len(members) + 1, "con", s, age, _name(r, s, family)))
        poor = r.random() < 0.15
        survey = dt.date(YEAR, r.randint(6, 11), r.randint(1, 28))
        ho.append([
            ma_ho, xa, f"Xã số {xa}", f"Thôn {r.randint(1, 12)}", "nông thôn" if r.random() < 0.8 else "thành thị",
            YEAR, survey, _name(r, "nam"), head, f"Số {r.randint(1, 300)}, thôn {r.randint(1, 12)}",
            r.randint(600, 1500 if poor else 6000) * 1000, None, "nghèo" if poor and r.random() < 0.5 else None,
            "không bền chắc" if poor and r.random() < 0.5 else "bền chắc", "bền chắc",
            "không bền chắc" if poor and r.random() < 0.4 else "bền chắc",
            float(r.randint(12, 150)), r.choice(["nước máy", "giếng khoan", "giếng đào được bảo vệ", "khác"]),
            r.choice(["tự hoại", "bán tự hoại", "không hợp vệ sinh"]), "không" if poor and r.random() < 0.5 else "có",
            r.choice(["tivi", "tivi; điện thoại thông minh", "điện thoại thông minh", None]), None,
            "có" if r.random() < 0.05 else None, "thiếu vốn; thiếu đất sản xuất" if poor else None, None,
        ])  # fmt: skip
        tv += members
    return ho, tv


# --- workbook writing -----------------------------------------------------------------------

_EPOCH = dt.date(1899, 12, 30)


def write_book(path: Path, ho: list[list[Any]], tv: list[list[Any]], *, constant_memory: bool) -> float:
    """Write the two sheets (code row + label row + data) with plain typed writes; seconds."""
    import xlsxwriter

    t = time.perf_counter()
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "strings_to_numbers": False})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, specs, rows in (("Ho", HOUSEHOLD_FIELDS, ho), ("ThanhVien", MEMBER_FIELDS, tv)):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, [f.code for f in specs])
        ws.write_row(1, 0, [f.label for f in specs])
        s, num = ws.write_string, ws.write_number
        for i, row in enumerate(rows, start=2):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, str):
                    s(i, j, v)
                elif isinstance(v, dt.date):
                    num(i, j, (v - _EPOCH).days, date)
                else:
                    num(i, j, v)
    wb.close()
    return time.perf_counter() - t


# --- steps (each run in its own process) ----------------------------------------------------


def _rss() -> tuple[float, float]:
    """Peak RSS in MB of this process and of its largest worker process (finished children).

    Linux: VmHWM of this process image (ru_maxrss would report the *parent's* peak when the
    parent was bigger at fork time, as the benchmark driver holding the generated data is)."""
    import multiprocessing

    for child in multiprocessing.active_children():  # reap the import's workers so that
        child.join(timeout=10)  # RUSAGE_CHILDREN counts them
    try:
        import resource
    except ImportError:  # Windows
        return (float("nan"), float("nan"))
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024
    status = Path("/proc/self/status")
    if status.exists():
        hwm = [line for line in status.read_text().splitlines() if line.startswith("VmHWM:")]
        if hwm:
            own = int(hwm[0].split()[1]) / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / scale / 1024
    return own, kids


def _step_read(a: argparse.Namespace) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    wb = CalamineWorkbook.from_path(str(a.workbook))
    cells = 0
    for name in ("Ho", "ThanhVien"):
        rows = list(wb.get_sheet_by_name(name).iter_rows())
        cells += sum(len(r) for r in rows)
        del rows
    return {"seconds": time.perf_counter() - t, "cells": cells}


def _step_import(a: argparse.Namespace) -> dict[str, Any]:
    from povdesk.excel import import_workbook
    from povdesk.workspace import Workspace

    with Workspace.open(a.db) as ws:
        t = time.perf_counter()
        r = import_workbook(ws, a.workbook, workers=a.workers)
        return {"seconds": time.perf_counter() - t, **r.to_json(), "warnings": len(r.warnings)}


def _step_export(a: argparse.Namespace) -> dict[str, Any]:
    from povdesk.excel import export_workbook
    from povdesk.workspace import Workspace

    with Workspace.open(a.db) as ws:
        t = time.perf_counter()
        r = export_workbook(ws, a.out)
        return {"seconds": time.perf_counter() - t, "households": r.households, "members": r.members}


def _step_raw_write(a: argparse.Namespace) -> dict[str, Any]:
    """Write the cells of ``a.workbook`` (a povdesk export) again with bare xlsxwriter calls."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    src = CalamineWorkbook.from_path(str(a.workbook))
    sheets = []
    for name in src.sheet_names:
        rows = [[(v - _EPOCH).days if isinstance(v, dt.date) else v for v in row]
                for row in src.get_sheet_by_name(name).iter_rows()]  # fmt: skip
        sheets.append((name, rows))
    t = time.perf_counter()
    wb = xlsxwriter.Workbook(str(a.out), {"constant_memory": True, "strings_to_numbers": False})
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        s, num, b = ws.write_string, ws.write_number, ws.write_boolean
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v == "":
                    continue
                if isinstance(v, str):
                    s(i, j, v)
                elif isinstance(v, bool):
                    b(i, j, v)
                else:
                    num(i, j, v)
    wb.close()
    return {"seconds": time.perf_counter() - t}


STEPS = {"read": _step_read, "import": _step_import, "export": _step_export, "raw-write": _step_raw_write}


def _run_step(step: str, **kw: Any) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.excel", "--step", step]
    for k, v in kw.items():
        if v is not None:
            args += [f"--{k.replace('_', '-')}", str(v)]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _median(runs: list[dict[str, Any]], key: str = "seconds") -> float:
    return statistics.median(r[key] for r in runs)


def _fmt_rss(runs: list[dict[str, Any]]) -> str:
    own = max(r["rss_mb"] for r in runs)
    kids = max(r["children_rss_mb"] for r in runs)
    return f"{own:.0f} MB" + (f" (+ worker processes, largest {kids:.0f} MB)" if kids > 1 else "")


def _compare(label: str, raw: list[dict[str, Any]], ours: list[dict[str, Any]], goal: float) -> None:
    r, o = _median(raw), _median(ours)
    flag = "ok" if o / r <= goal else "OVER GOAL"
    print(f"  {label}: raw {r:6.2f} s   povdesk {o:6.2f} s   ratio {o / r:4.2f} (goal ≤ {goal}) {flag}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench excel", description=__doc__.split("\n")[0])
    ap.add_argument("--households", type=int, default=80_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None, help="import worker processes (default: automatic)")
    ap.add_argument("--workdir", type=Path, help="keep the generated files here")
    ap.add_argument("--skip-export", action="store_true", help="only the import measurements")
    ap.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    ap.add_argument("--workbook", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.step:
        result = STEPS[a.step](a)
        own, kids = _rss()
        print(json.dumps({**result, "rss_mb": own, "children_rss_mb": kids}))
        return 0
    tmp = None if a.workdir else tempfile.TemporaryDirectory()
    work = a.workdir or Path(tmp.name)  # type: ignore[union-attr]
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(a, work)
    finally:
        if tmp is not None:
            tmp.cleanup()


def _bench(a: argparse.Namespace, work: Path) -> int:
    t = time.perf_counter()
    ho, tv = generate(a.households)
    print(f"generated {len(ho)} households, {len(tv)} members in {time.perf_counter() - t:.1f} s")
    excel_like = work / "excel-like.xlsx"
    if not excel_like.exists():
        print(f"  wrote excel-like workbook in {write_book(excel_like, ho, tv, constant_memory=False):.1f} s")
    del ho, tv
    books = {"excel-like": excel_like}
    db = work / "bench.sqlite"
    exported = work / "povdesk-export.xlsx"
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def measure_import(label: str, book: Path) -> None:
        res = results.setdefault(label, {"read": [], "import": [], "reimport": []})
        res["read"].append(_run_step("read", workbook=book))
        for f in work.glob("bench.sqlite*"):
            f.unlink()
        res["import"].append(_run_step("import", workbook=book, db=db, workers=a.workers))
        res["reimport"].append(_run_step("import", workbook=book, db=db, workers=a.workers))

    for run in range(a.runs):
        measure_import("excel-like", excel_like)
        if not a.skip_export:
            res = results.setdefault("export", {"raw-write": [], "export": []})
            res["export"].append(_run_step("export", db=db, out=exported))
            res["raw-write"].append(_run_step("raw-write", workbook=exported, out=work / "raw-write.xlsx"))
            books["povdesk-export"] = exported
            measure_import("povdesk-export", exported)
        print(f"  run {run + 1}/{a.runs} done")
    first = results["excel-like"]["import"][0]
    print(
        f"\nworkbook: {first['households']} households, {first['members']} members; median of {a.runs} runs"
    )
    for label in books:
        res = results.get(label)
        if not res or not res["import"]:
            continue
        print(f"import, {label} workbook ({books[label].stat().st_size / 1e6:.1f} MB):")
        _compare("read → import", res["read"], res["import"], 1.5)
        print(f"  re-import (all unchanged): {_median(res['reimport']):.2f} s; "
              f"raw read peak RSS {_fmt_rss(res['read'])}")  # fmt: skip
        print(f"  import peak RSS: {_fmt_rss(res['import'])} (goal ≤ 1 GB)")
    if "export" in results:
        print("export:")
        _compare("write → export", results["export"]["raw-write"], results["export"]["export"], 1.3)
        print(f"  export peak RSS: {_fmt_rss(results['export']['export'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
