"""A realistic sample commune: for newcomers ("Mở dữ liệu mẫu"), demos, tests and benchmarks.

:func:`sample_households` builds valid households (Vietnamese names with diacritics, several
villages and ethnic groups, every class and most deprivations) deterministically from a seed.
:func:`create_sample` saves them through the normal validated path. :func:`bulk_insert` is the
benchmark's fast path: it replicates classified templates into hundreds of thousands of rows
with ``executemany`` in one transaction (the way an importer's fast path writes), so the
database triggers (search index, sort keys) run exactly as they do for real imports.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from povdesk.domain import RURAL, Classification, Commune, Household, Member
from povdesk.errors import ValidationError
from povdesk.fields import EDUCATION, HEAD, LATRINE, WATER
from povdesk.households import SaveResult, now_iso
from povdesk.progress import CancelToken, ProgressFn
from povdesk.records import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, content_hash, household_row, member_row
from povdesk.rules import RuleBook, classify
from povdesk.text import PartialDate

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

SAMPLE_COMMUNE = Commune("12345", "Xã Minh Hòa", RURAL)
SAMPLE_YEAR = 2025
VILLAGES = (
    "Thôn Đông", "Thôn Đoài", "Thôn Thượng", "Thôn Hạ", "Thôn Bản Mới", "Thôn Nà Pồng",
    "Thôn Khe Giữa", "Thôn Làng Ải",
)  # fmt: skip
FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò", "Hà", "Triệu", "Đinh",
)  # fmt: skip
MIDDLE_M = ("Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Xuân", "Thanh")
MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Hồng")
GIVEN_M = (
    "Hoà", "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Phong", "Khoa", "Đạt", "Thắng", "Quý",
    "Sơn", "Toản", "Cường", "Lộc", "Thuỷ", "Nghĩa", "Bình",
)  # fmt: skip
GIVEN_F = (
    "Lan", "Hoa", "Hương", "Mai", "Thuý", "Ngọc", "Hạnh", "Duyên", "Yến", "Linh", "Nhung",
    "Huệ", "Xoan", "Thảo", "Bích", "Oanh", "Khuê", "Loan",
)  # fmt: skip
ETHNIC = ("01", "01", "01", "01", "02", "03", "06", "07", "08")  # mostly Kinh
ENUMERATORS = ("Trần Văn Cường", "Lê Thị Hồng Nhung", "Phạm Quang Huy")
PROVINCES = ("001", "019", "025", "034", "038", "040")


def _name(rng: random.Random, family: str, sex: str) -> str:
    middle = rng.choice(MIDDLE_M if sex == "nam" else MIDDLE_F)
    given = rng.choice(GIVEN_M if sex == "nam" else GIVEN_F)
    return f"{family} {middle} {given}"


def _person_id(rng: random.Random, year: int, sex: str) -> str:
    century = (year - 1900) // 100
    digit = century * 2 + (0 if sex == "nam" else 1)
    return f"{rng.choice(PROVINCES)}{digit}{year % 100:02d}{rng.randrange(10**6):06d}"


def _member(
    rng: random.Random, stt: int, name: str, relation: str, sex: str, year: int, ethnic: str, poorish: bool
) -> Member:
    age = SAMPLE_YEAR - year
    # A full date has its birthday before the October survey, so the age is the year's.
    birth = (
        PartialDate(year, rng.randint(1, 9), rng.randint(1, 28)) if rng.random() < 0.7 else PartialDate(year)
    )
    employment = None
    if age >= 15:
        choices = ["tự làm nông nghiệp", "làm công có hợp đồng", "tự làm phi nông nghiệp"]
        if poorish:
            choices += ["làm công không hợp đồng", "thất nghiệp", "tự làm nông nghiệp"]
        employment = "không tham gia lao động" if age >= 65 else rng.choice(choices)
    school = None if not 3 <= age <= 30 else (age <= 17 or rng.random() < 0.2)
    if school is False and poorish and age < 16:
        school = rng.random() < 0.6
    education = None
    if age >= 16:
        top = 3 if poorish else len(EDUCATION)
        education = EDUCATION[rng.randrange(1, top)] if age < 70 else EDUCATION[rng.randrange(0, 2)]
    nutrition = None
    if age < 16:
        nutrition = rng.choice(("thấp còi", "nhẹ cân", "bình thường")) if poorish else "bình thường"
    return Member(
        stt=stt,
        ho_ten=name,
        quan_he=relation,
        gioi_tinh=sex,
        ngay_sinh=birth,
        dan_toc=ethnic,
        so_dinh_danh=_person_id(rng, year, sex) if age >= 14 and rng.random() < 0.85 else None,
        viec_lam=employment,
        kha_nang_lao_dong=None if age < 15 else not (age >= 60 and rng.random() < 0.5),
        tro_cap_xa_hoi=age >= 80 or (poorish and rng.random() < 0.1),
        bhyt=age < 6 or not (poorish and rng.random() < 0.4),
        trinh_do=education,
        dang_di_hoc=school,
        dinh_duong=nutrition,
    )


def _members(rng: random.Random, head_name: str, head_sex: str, ethnic: str, poorish: bool) -> list[Member]:
    family = head_name.split()[0]
    head_year = rng.randint(1945, 1995)
    out = [_member(rng, 1, head_name, HEAD, head_sex, head_year, ethnic, poorish)]
    if rng.random() < 0.85:
        sex = "nữ" if head_sex == "nam" else "nam"
        relation = "vợ" if head_sex == "nam" else "chồng"
        spouse_family = rng.choice(FAMILY)
        year = head_year + rng.randint(-4, 4)
        out.append(_member(rng, 2, _name(rng, spouse_family, sex), relation, sex, year, ethnic, poorish))
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4) if poorish else (0, 1, 1, 2, 2, 3))):
        sex = rng.choice(("nam", "nữ"))
        year = min(SAMPLE_YEAR - 1, head_year + rng.randint(20, 38))
        out.append(_member(rng, len(out) + 1, _name(rng, family, sex), "con", sex, year, ethnic, poorish))
    if rng.random() < 0.2:
        sex = rng.choice(("nam", "nữ"))
        out.append(
            _member(
                rng, len(out) + 1, _name(rng, family, sex), "bố" if sex == "nam" else "mẹ", sex,
                head_year - rng.randint(20, 30), ethnic, poorish,
            )
        )  # fmt: skip
    return out


def _income(rng: random.Random, target: str) -> int:
    lo, hi = {
        "poor": (600_000, 1_500_000),
        "average": (1_500_001, 2_250_000),
        "not_poor": (2_250_001, 6_000_000),
    }[target]
    return rng.randrange(lo, hi + 1) // 10_000 * 10_000 or 10_000


def sample_household(rng: random.Random, index: int, *, head: str | None = None) -> Household:
    """One valid household of the sample commune (code ``H0001``…), biased towards a class."""
    target = rng.choices(("poor", "average", "not_poor"), weights=(30, 20, 50))[0]
    poorish = target == "poor" and rng.random() < 0.6
    sex = "nam" if rng.random() < 0.75 else "nữ"
    head_name = head or _name(rng, rng.choice(FAMILY), sex)
    ethnic = rng.choice(ETHNIC)
    members = _members(rng, head_name, sex, ethnic, poorish)
    bad = ("không bền chắc", "bền chắc")
    walls = [rng.choice(bad) if poorish else "bền chắc" for _ in range(3)]
    devices = () if poorish and rng.random() < 0.5 else tuple(
        rng.sample(("tivi", "radio", "máy tính", "điện thoại thông minh"), rng.randint(1, 3))
    )  # fmt: skip
    return Household(
        ma_ho=f"H{index:04d}",
        ma_xa=SAMPLE_COMMUNE.code,
        ten_xa=SAMPLE_COMMUNE.name,
        thon=VILLAGES[rng.randrange(len(VILLAGES))],
        khu_vuc=SAMPLE_COMMUNE.area,
        nam_ra_soat=SAMPLE_YEAR,
        ngay_ra_soat=dt.date(SAMPLE_YEAR, 10, rng.randint(1, 31)),
        ra_soat_vien=rng.choice(ENUMERATORS),
        chu_ho=head_name,
        dia_chi=None,
        thu_nhap_bq=_income(rng, target),
        phan_loai_truoc=rng.choice((None, None, "nghèo", "cận nghèo")) if target == "poor" else None,
        tuong=walls[0],
        khung=walls[1],
        mai=walls[2],
        dien_tich_nha=float(
            rng.choice((14, 18, 24, 30, 36, 45, 60, 80)) if not poorish else rng.randint(10, 30)
        ),
        nguon_nuoc=rng.choice(WATER[6:] if poorish and rng.random() < 0.5 else WATER[:3]),
        nha_tieu=rng.choice(LATRINE[5:] if poorish and rng.random() < 0.6 else LATRINE[:3]),
        dung_internet=not (poorish and rng.random() < 0.6),
        thiet_bi_thong_tin=devices,
        xu_ly_rac=rng.choice(("thu gom", "tự xử lý hợp vệ sinh", "không xử lý")),
        ho_co_cong=rng.random() < 0.05,
        nguyen_nhan_ngheo=("thiếu vốn", "thiếu đất sản xuất") if poorish else (),
        ghi_chu="Cần xác minh thêm thu nhập" if rng.random() < 0.05 else None,
        members=tuple(members),
    )


def sample_households(n: int = 200, *, seed: int = 2025) -> list[Household]:
    """``n`` valid households; the first is headed by "Nguyễn Văn Hoà" (the README's example)."""
    rng = random.Random(seed)
    return [sample_household(rng, i, head="Nguyễn Văn Hoà" if i == 1 else None) for i in range(1, n + 1)]


def create_sample(
    ws: Workspace,
    n: int = 200,
    *,
    seed: int = 2025,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> list[SaveResult]:
    """Add the sample commune and ``n`` households to ``ws`` (one transaction, all or nothing)."""
    households = sample_households(n, seed=seed)
    with ws.atomic():
        ws.communes.add(SAMPLE_COMMUNE)
        return ws.households.save_many(households, kind="Tạo dữ liệu mẫu", progress=progress, cancel=cancel)


# --- the benchmark's fast path -------------------------------------------------------------


def _templates(count: int, members: int, seed: int) -> Iterator[tuple[Household, Classification]]:
    """Valid classified households with exactly ``members`` members (extra children added)."""
    rules = RuleBook.load()
    rs = rules.for_year(SAMPLE_YEAR)
    rng = random.Random(seed)
    made = 0
    while made < count:
        h = sample_household(rng, made + 1)
        ms = list(h.members[:members])
        while len(ms) < members:
            sex = rng.choice(("nam", "nữ"))
            name = _name(rng, h.chu_ho.split()[0], sex)
            ms.append(
                _member(
                    rng, len(ms) + 1, name, "cháu", sex, rng.randint(1950, 2020), h.members[0].dan_toc, False
                )
            )
        h = replace(h, members=tuple(ms))
        try:
            yield h, classify(h, rs)
        except ValidationError:
            continue
        made += 1


BulkRows = tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]


def bulk_rows(
    households: int,
    village_ids: dict[str, int],
    *,
    start_id: int = 1,
    members_per_household: int = 4,
    templates: int = 500,
    seed: int = 7,
) -> BulkRows:
    """Rows for ``households``/``members``/``classifications`` (codes ``B0000001``…).

    Names, villages and codes vary per row; the answers are replicated from ``templates``
    classified households, so every row is valid and correctly classified.
    """
    rng = random.Random(seed)
    tpl = list(_templates(templates, members_per_household, seed))
    stamp = now_iso()
    hrows: list[tuple[object, ...]] = []
    mrows: list[tuple[object, ...]] = []
    crows: list[tuple[object, ...]] = []
    for i in range(households):
        h, c = tpl[i % len(tpl)]
        head = _name(rng, rng.choice(FAMILY), h.members[0].gioi_tinh)
        village = VILLAGES[rng.randrange(len(VILLAGES))]
        ms = [replace(h.members[0], ho_ten=head)] + [
            replace(m, ho_ten=_name(rng, head.split()[0], m.gioi_tinh)) for m in h.members[1:]
        ]
        hh = replace(h, ma_ho=f"B{start_id + i:07d}", chu_ho=head, thon=village, members=tuple(ms))
        hrow, mr = household_row(hh), [member_row(m) for m in ms]
        hid = start_id + i
        hrows.append((hid, *hrow.values(), village_ids[village], content_hash(hrow, mr), stamp, stamp))
        mrows.extend((hid, *r.values()) for r in mr)
        crows.append(
            (hid, c.rule_set, c.klass.value, "; ".join(c.deprived), c.deprivation_count, c.income,
             c.score_a, c.line, c.upper, c.explanation, json.dumps(c.inputs, ensure_ascii=False), stamp)
        )  # fmt: skip
    return hrows, mrows, crows


def sample_villages(conn: sqlite3.Connection) -> dict[str, int]:
    """Create the sample commune and its villages if missing (caller's transaction); their ids."""
    code = SAMPLE_COMMUNE.code
    conn.execute(
        "INSERT OR IGNORE INTO communes (code, name, area) VALUES (?,?,?)",
        (code, SAMPLE_COMMUNE.name, SAMPLE_COMMUNE.area),
    )
    out = {}
    for v in VILLAGES:
        conn.execute("INSERT OR IGNORE INTO villages (commune_code, name) VALUES (?,?)", (code, v))
        row = conn.execute("SELECT id FROM villages WHERE commune_code=? AND name=?", (code, v)).fetchone()
        out[v] = int(row[0])
    return out


def insert_rows(conn: sqlite3.Connection, rows: BulkRows) -> None:
    """``executemany`` the rows of :func:`bulk_rows` (inside the caller's transaction)."""
    hrows, mrows, crows = rows
    cols = ", ".join(HOUSEHOLD_COLUMNS)
    conn.executemany(
        f"INSERT INTO households (id, {cols}, village_id, content_hash, created_at, updated_at)"
        f" VALUES ({', '.join('?' * (len(HOUSEHOLD_COLUMNS) + 5))})",
        hrows,
    )
    conn.executemany(
        f"INSERT INTO members (household_id, {', '.join(MEMBER_COLUMNS)})"
        f" VALUES ({', '.join('?' * (len(MEMBER_COLUMNS) + 1))})",
        mrows,
    )
    conn.executemany(
        "INSERT INTO classifications (household_id, rule_set, klass, deprived, deprivation_count,"
        " income, score_a, line, upper, explanation, inputs, classified_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        crows,
    )


def bulk_insert(
    conn: sqlite3.Connection, households: int, *, members_per_household: int = 4, seed: int = 7
) -> None:
    """Generate and insert ``households`` sample households in one transaction (benchmarks)."""
    conn.execute("BEGIN")
    try:
        villages = sample_villages(conn)
        start = int(conn.execute("SELECT coalesce(max(id), 0) FROM households").fetchone()[0]) + 1
        rows = bulk_rows(
            households, villages, start_id=start, members_per_household=members_per_household, seed=seed
        )
        insert_rows(conn, rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
