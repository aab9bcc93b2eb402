"""Benchmark: the duplicate scan and consistency checks over 80,000 households / 320,000 members.

    python -m bench quality [--households N] [--keep DB]

Builds a database of one review year across 40 communes with ``executemany`` (the fast path,
no per-household save), with realistic name diversity: 20 family names weighted as in the
population (Nguyễn ≈ 38 %), ~40 middle and ~150 given names per sex with a Zipf-like tail,
birth years 1930–2024, 70 % of people with a 12-digit ID number. It then plants known
duplicates (accents stripped, NFD text, old-style tones, swapped given/middle names, one-letter
typos, a shared ID number, whole households entered twice) and measures:

* the duplicate scan alone (``povdesk.quality.duplicates.scan``) — goal < 10 s;
* the full ``run_checks`` (read, scan, consistency checks, cache write, report), for the year,
  for one commune and for 50 touched households (the import / sync hook);
* floors: reading the member rows with bare sqlite3, and a bare ``dict`` pass over the names;

and prints the candidate count, pairs reported and how many planted duplicates were found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import tempfile
import time
import unicodedata
from pathlib import Path

from povdesk.quality import run_checks
from povdesk.quality.duplicates import Found, ScanStats, scan
from povdesk.quality.facts import Scope, load
from povdesk.workspace import Workspace

YEAR = 2025


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4.5),
    ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Lò", 0.5), ("Hà", 0.6), ("Triệu", 0.4), ("Đinh", 0.6),
]  # fmt: skip
MIDDLE_M = _words(
    "Văn Đức Minh Hữu Quang Công Xuân Thanh Ngọc Tiến Duy Mạnh Anh Tuấn Trọng Đình Bá Khắc Quốc Gia "
    "Hoàng Thế Việt Hải Trung Kim Chí Nhật Phúc Đăng Hồng Thành Như Bảo Huy Thái Tất Sỹ Hoài Vĩnh"
)
MIDDLE_F = _words(
    "Thị Ngọc Thu Thanh Mỹ Hồng Kim Minh Phương Thuỳ Bích Diệu Hải Lan Xuân Quỳnh Khánh Bảo Tường "
    "Hoài Ánh Thuý Hà Mai Tuyết Cẩm Diễm Như Ý Tú Vân Hương Hạnh Yến Trúc Uyên Thảo Nhật Gia"
)
GIVEN_M = _words(
    "Hùng Dũng Tuấn Nam Long Phong Khoa Đạt Thắng Quý Sơn Toản Cường Lộc Thuỷ Nghĩa Bình Hoà Hải "
    "Hiếu Hiệp Hoàng Huy Khang Khánh Kiên Lâm Lực Mạnh Minh Nhân Phát Phúc Quân Quang Tài Tâm Thái "
    "Thành Thịnh Tiến Toàn Trí Trung Trường Tú Tùng Vinh Vũ Việt An Anh Bảo Công Chiến Chính Danh "
    "Định Đông Đức Giang Hà Hào Hậu Hiển Hoan Học Hưng Khải Khôi Lân Linh Luân Lương Mẫn Ninh Phú "
    "Phước Quyết Sang Sinh Tân Thạch Thanh Thiện Thông Thuận Tiền Tín Toại Tráng Triều Tuệ Tường "
    "Uy Vĩnh Xuân Yên Bắc Cảnh Châu Chung Dương Điệp Đoàn Hạnh Hoạt Khiêm Kỳ Lập Lộ Mạc Ngạn Nhật "
    "Pháp Phi Quế Sáng Sử Tạo Thăng Thìn Thức Tiệp Trác Tuân Tuyên Ước Vượng Xô Yến Bách Biên Cẩn "
    "Chương Dân Diệu Đăng Giáp Hòe Hợp"
)
GIVEN_F = _words(
    "Lan Hoa Hương Mai Thuý Ngọc Hạnh Duyên Yến Linh Nhung Huệ Xoan Thảo Bích Oanh Khuê Loan Anh "
    "Trang Hà Thu Hằng Hiền Huyền Liên Loan Ly Mến Mơ Nga Ngân Nguyệt Nhàn Nhi Phương Quyên Quỳnh "
    "Sương Tâm Thắm Thanh Thoa Thơ Thuận Thư Tiên Trâm Trinh Tuyết Uyên Vân Vy Xuân Ánh Châu Chi "
    "Dung Điệp Giang Hảo Hậu Hoài Hồng Hợi Kiều Lài Lệ Liễu Loan Lụa Mận Minh My Nương Oanh Phấn "
    "Phượng Quế Sen Son Tấm Thêu Thìn Thoả Thuỷ Tình Trà Tươi Út Vui Xinh Yên Bảo Cúc Diệp Đào Gấm "
    "Hiên Hoè Khánh Lành Lựu Miên Nết Ngà Nhạn Nhu Nụ Phúc Quy Rạng Sâm Thêm Thùy Tím Tuyền Vàng "
    "Vĩnh Xiêm Yến Chinh Dịu Hạ Kha Lam Mừng Na Ninh Pha Sa Thi Thục Tiền Trầm Ưng Vinh"
)
PROVINCES = ("001", "019", "025", "034", "038", "040", "042", "044", "046", "048")


def _zipf(names: list[str], s: float = 0.9) -> tuple[list[str], list[float]]:
    unique = list(dict.fromkeys(names))
    return unique, [1 / (r + 1) ** s for r in range(len(unique))]


class NameMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.family = ([f for f, _ in FAMILY], [w for _, w in FAMILY])
        self.middle = {"nam": _zipf(MIDDLE_M, 1.6), "nữ": _zipf(MIDDLE_F, 1.6)}
        self.given = {"nam": _zipf(GIVEN_M), "nữ": _zipf(GIVEN_F)}

    def family_name(self) -> str:
        return self.rng.choices(*self.family)[0]

    def name(self, family: str, sex: str) -> str:
        middle = self.rng.choices(*self.middle[sex])[0]
        given = self.rng.choices(*self.given[sex])[0]
        return f"{family} {middle} {given}"


def person_id(rng: random.Random, birth_year: int, sex: str) -> str:
    digit = ((birth_year - 1900) // 100) * 2 + (sex == "nữ")
    return f"{rng.choice(PROVINCES)}{digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


HH_COLS = (
    "id, ma_xa, ma_ho, nam_ra_soat, village_id, ten_xa, thon, khu_vuc, ngay_ra_soat, chu_ho, dia_chi,"
    " thu_nhap_bq, tuong, khung, mai, dien_tich_nha, nguon_nuoc, nha_tieu, dung_internet,"
    " content_hash, created_at, updated_at"
)
M_COLS = (
    "household_id, stt, ho_ten, quan_he, gioi_tinh, ngay_sinh, dan_toc, so_dinh_danh, viec_lam,"
    " bhyt, dang_di_hoc"
)


def _birth(rng: random.Random, year: int) -> str:
    if rng.random() < 0.6:
        return f"{year:04d}-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
    return f"{year:04d}"


def _household(rng: random.Random, names: NameMaker, hid: int, n_members: int) -> list[tuple[object, ...]]:
    family = names.family_name()
    head_sex = "nam" if rng.random() < 0.75 else "nữ"
    head_year = rng.randint(1940, 1995)
    rows = []
    spouse_sex = "nữ" if head_sex == "nam" else "nam"
    plan = [("chủ hộ", head_sex, head_year, family), ("vợ" if spouse_sex == "nữ" else "chồng",
            spouse_sex, head_year + rng.randint(-5, 5), names.family_name())]  # fmt: skip
    while len(plan) < n_members:
        sex = rng.choice(("nam", "nữ"))
        plan.append(("con", sex, min(YEAR, head_year + rng.randint(20, 40)), family))
    for stt, (rel, sex, by, fam) in enumerate(plan, start=1):
        pid = person_id(rng, by, sex) if rng.random() < 0.7 else None
        age = YEAR - by
        rows.append((hid, stt, names.name(fam, sex), rel, sex, _birth(rng, by), "01", pid,
                     "tự làm nông nghiệp" if age >= 15 else None, 1, 1 if 6 <= age <= 18 else None))  # fmt: skip
    return rows


def _strip_accents(s: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def _variants(rng: random.Random, name: str) -> str:
    """One of the planted kinds of difference between two entries of one person."""
    words = name.split()
    kind = rng.randrange(5)
    if kind == 0:
        return _strip_accents(name)
    if kind == 1:
        return unicodedata.normalize("NFD", name)
    if kind == 2 and len(words) >= 3:
        return " ".join([words[0], words[-1], *words[1:-1]])
    if kind == 3:
        w = words[-1]
        i = rng.randrange(len(w))
        return " ".join([*words[:-1], w[:i] + "x" + w[i + 1 :]])
    return name.replace("òa", "oà").replace("ùy", "uỳ").replace("ủy", "uỷ") + ""


def build(db: Path, households: int, seed: int = 11) -> tuple[int, int]:
    """Create the bench database; returns (people planted as duplicates, households planted)."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    now = dt.datetime(2025, 10, 1).isoformat()
    with Workspace.open(db) as ws:
        conn = ws.conn
        with ws.atomic():
            communes = [f"{10001 + i:05d}" for i in range(40)]
            conn.executemany("INSERT INTO communes (code, name, area) VALUES (?,?,'nông thôn')",
                             [(c, f"Xã {c}") for c in communes])  # fmt: skip
            villages = []
            for c in communes:
                for v in range(10):
                    cur = conn.execute(
                        "INSERT INTO villages (commune_code, name) VALUES (?,?)", (c, f"Thôn {v + 1}")
                    )
                    villages.append((c, int(cur.lastrowid or 0), f"Thôn {v + 1}"))
            hrows, mrows = [], []
            for hid in range(1, households + 1):
                c, vid, thon = villages[(hid - 1) % len(villages)]
                members = _household(rng, names, hid, 4)
                mrows += members
                hrows.append(_hh_row(rng, hid, c, vid, thon, members[0][2], now))
            planted_people, planted_households = _plant(rng, hrows, mrows, households)
            conn.executemany(f"INSERT INTO households ({HH_COLS}) VALUES ({','.join('?' * 22)})", hrows)
            conn.executemany(f"INSERT INTO members ({M_COLS}) VALUES ({','.join('?' * 11)})", mrows)
    return planted_people, planted_households


def _hh_row(
    rng: random.Random, hid: int, c: str, vid: int, thon: str, head: str, now: str
) -> tuple[object, ...]:
    return (hid, c, f"H{hid:06d}", YEAR, vid, f"Xã {c}", thon, "nông thôn", "2025-10-01", head,
            f"Số {rng.randint(1, 300)}, {thon}", rng.randint(900_000, 4_000_000), "bền chắc", "bền chắc",
            "bền chắc", float(rng.randint(20, 150)), "nước máy", "tự hoại", 1, f"h{hid}", now, now)  # fmt: skip


def _plant(rng: random.Random, hrows: list[tuple[object, ...]], mrows: list[tuple[object, ...]],
           households: int) -> tuple[int, int]:  # fmt: skip
    """Copy 0.5 % of people into another household (varied) and enter 0.1 % of households twice."""
    people = len(mrows)
    next_id = households + 1
    n_people = people // 200
    for _ in range(n_people):
        src = mrows[rng.randrange(people)]
        target = rng.randrange(1, households + 1)
        row = list(src)
        row[0], row[1], row[3] = target, 10 + rng.randrange(1000), "khác"
        row[2] = _variants(rng, str(src[2]))
        mrows.append(tuple(row))
    n_households = households // 1000
    for _ in range(n_households):
        hid = rng.randrange(1, households + 1)
        src = list(hrows[hid - 1])
        src[0], src[2] = next_id, f"D{next_id:06d}"
        hrows.append(tuple(src))
        for m in [m for m in mrows[(hid - 1) * 4 : hid * 4]]:
            row = list(m)
            row[0] = next_id
            row[2] = _variants(rng, str(m[2])) if rng.random() < 0.5 else m[2]
            mrows.append(tuple(row))
        next_id += 1
    return n_people, n_households


def _planted(found: Found) -> tuple[ScanStats, int, int]:
    """Scan figures, planted households found (entered twice) and planted people found."""
    found_hh = {m.b.id for m in found.households if m.b.ma_ho.startswith("D")}
    matched = [*found.persons, *(x for m in found.households for x in m.members)]
    found_people = {p.index for m in matched for p in (m.a, m.b) if p.stt >= 10}
    return found.stats, len(found_hh), len(found_people)


def _median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def floors(db: Path) -> tuple[float, float]:
    """Bare sqlite3 read of the member names, and a bare dict pass grouping them."""
    conn = sqlite3.connect(db)
    t = time.perf_counter()
    rows = conn.execute(
        "SELECT household_id, ho_ten, gioi_tinh, ngay_sinh, so_dinh_danh FROM members"
    ).fetchall()
    read = time.perf_counter() - t
    t = time.perf_counter()
    groups: dict[tuple[str, str, str], list[int]] = {}
    for hid, name, sex, birth, _ in rows:
        groups.setdefault((birth[:4], sex, name), []).append(hid)
    grouping = time.perf_counter() - t
    conn.close()
    return read, grouping


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench quality")
    ap.add_argument("--households", type=int, default=80_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the database at this path")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "quality-bench.sqlite"
        if db.exists():
            db.unlink()
        t = time.perf_counter()
        planted_people, planted_households = build(db, args.households)
        print(f"built {args.households:,} households in {time.perf_counter() - t:.1f} s "
              f"(planted {planted_people} people, {planted_households} households twice)")  # fmt: skip
        read_floor, group_floor = floors(db)
        scans, loads, fulls = [], [], []
        with Workspace.open(db) as ws:
            for _ in range(args.runs):
                t = time.perf_counter()
                facts = load(ws, Scope(year=YEAR))
                loads.append(time.perf_counter() - t)
                t = time.perf_counter()
                found = scan(facts)
                scans.append(time.perf_counter() - t)
            stats, found_hh, found_people = _planted(found)
            del facts, found
            for _ in range(args.runs):
                t = time.perf_counter()
                report = run_checks(ws, year=YEAR)
                fulls.append(time.perf_counter() - t)
            t = time.perf_counter()
            commune = run_checks(ws, year=YEAR, ma_xa="10001")
            commune_s = time.perf_counter() - t
            t = time.perf_counter()
            run_checks(ws, household_ids=range(1, 51))
            touched_s = time.perf_counter() - t
        st = stats
        scan_s = _median(scans)
        print(f"people {st.people:,}; cells {st.cells:,}; distinct names in cells {st.names:,}; "
              f"oversized name groups {st.oversized}")  # fmt: skip
        print(f"candidate person pairs scored: {st.candidates:,}; reported: {st.person_pairs:,} person pairs, "
              f"{st.household_pairs:,} household pairs")  # fmt: skip
        print(f"planted found: people {found_people}/{planted_people}, "
              f"households entered twice {found_hh}/{planted_households}")  # fmt: skip
        print(f"read (load facts) {_median(loads):.2f} s   floor bare sqlite3 read {read_floor:.2f} s "
              f"→ ×{_median(loads) / read_floor:.1f}")  # fmt: skip
        print(f"duplicate scan    {scan_s:.2f} s   floor dict grouping {group_floor:.2f} s "
              f"→ ×{scan_s / group_floor:.1f}   goal < 10 s: {'OK' if scan_s < 10 else 'MISSED'}")  # fmt: skip
        print(f"run_checks total  {_median(fulls):.2f} s  ({report.households:,} households, "
              f"{report.households_with_issues:,} with issues)")  # fmt: skip
        print(f"run_checks one commune ({commune.households:,} households, against the whole year) "
              f"{commune_s:.2f} s; 50 touched households (the import hook) {touched_s:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
