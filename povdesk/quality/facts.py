"""The light, read-only view of households and members that the quality checks work on.

The duplicate scan reads hundreds of thousands of members, so it does not build domain
objects: two SQL queries fill slotted records with just the fields the checks need, plus each
name's :func:`~povdesk.quality.names.name_key` (computed once here).

Scope: the *universe* is every household of the review years concerned (duplicates are looked
for across communes within a year); the *focus* is the households being checked (``year``,
``ma_xa`` and/or ``household_ids``). Pairs are reported when they touch the focus.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from povdesk.progress import Reporter
from povdesk.quality.names import id_key, name_key

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

HEAD = "chủ hộ"


@dataclass(slots=True)
class Person:
    """One member row as the checks see it. ``index`` is the position in :attr:`Facts.people`."""

    index: int
    household_id: int
    year: int  # review year of the household
    stt: int
    name: str
    key: str
    relation: str
    sex: str
    birth: str  # stored form: YYYY, YYYY-MM or YYYY-MM-DD
    birth_year: int
    ethnicity: str
    id_number: str
    job: str | None
    in_school: int | None
    full_birth: bool  # day, month and year known

    @property
    def is_head(self) -> bool:
        return self.relation == HEAD

    @property
    def subject(self) -> str:
        """Durable reference to this person inside its household (survives renumbering)."""
        return f"{self.birth_year}|{self.key}"


@dataclass(slots=True)
class HouseholdFacts:
    id: int
    ma_xa: str
    ma_ho: str
    year: int
    thon: str
    village_id: int
    ten_xa: str
    chu_ho: str
    dia_chi: str | None
    survey_date: str  # ISO
    floor_area: float | None
    income: int | None
    members: list[Person] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """Natural key as text: stable across databases, used by remembered decisions."""
        return household_ref(self.ma_xa, self.ma_ho, self.year)

    @property
    def label(self) -> str:
        return f"{self.ma_xa}/{self.ma_ho}/{self.year}"

    def head(self) -> Person | None:
        for m in self.members:
            if m.is_head:
                return m
        return None


def household_ref(ma_xa: str, ma_ho: str, year: int) -> str:
    return f"{ma_xa}|{ma_ho}|{year}"


def person_ref(h: HouseholdFacts, p: Person) -> str:
    return f"{h.ref}|{p.subject}"


@dataclass
class Facts:
    """Households (by id) and people (by index) of the universe, and the focus ids."""

    households: dict[int, HouseholdFacts]
    people: list[Person]
    focus: set[int]

    def in_focus(self, hid: int) -> bool:
        return hid in self.focus


@dataclass(frozen=True)
class Scope:
    """What to check: a review year, a commune and/or explicit household ids (all optional)."""

    year: int | None = None
    ma_xa: str | None = None
    household_ids: tuple[int, ...] | None = None

    def where(self, alias: str = "h") -> tuple[str, list[Any]]:
        """SQL condition selecting the focus households, and its parameters."""
        conds: list[str] = ["1"]
        args: list[Any] = []
        if self.year is not None:
            conds.append(f"{alias}.nam_ra_soat = ?")
            args.append(self.year)
        if self.ma_xa is not None:
            conds.append(f"{alias}.ma_xa = ?")
            args.append(self.ma_xa)
        if self.household_ids is not None:
            conds.append(f"{alias}.id IN (SELECT value FROM json_each(?))")
            args.append(_json_ids(self.household_ids))
        return " AND ".join(conds), args


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


_H_COLS = (
    "h.id, h.ma_xa, h.ma_ho, h.nam_ra_soat, h.thon, h.village_id, coalesce(c.name, h.ten_xa, ''),"
    " h.chu_ho, h.dia_chi, h.ngay_ra_soat, h.dien_tich_nha, h.thu_nhap_bq"
)
_M_COLS = (
    "m.household_id, m.stt, m.ho_ten, m.quan_he, m.gioi_tinh, m.ngay_sinh, m.dan_toc,"
    " m.so_dinh_danh, m.viec_lam, m.dang_di_hoc"
)


def focus_ids(ws: Workspace, scope: Scope) -> set[int]:
    where, args = scope.where()
    return {r[0] for r in ws.conn.execute(f"SELECT h.id FROM households h WHERE {where}", args)}


def universe_years(ws: Workspace, scope: Scope) -> list[int]:
    """Review years whose households can pair with the focus."""
    if scope.year is not None and scope.household_ids is None:
        return [scope.year]
    where, args = scope.where()
    rows = ws.conn.execute(f"SELECT DISTINCT h.nam_ra_soat FROM households h WHERE {where}", args)
    return sorted(r[0] for r in rows)


def load(ws: Workspace, scope: Scope, *, duplicates: bool = True, rep: Reporter | None = None) -> Facts:
    """Read the focus households and, with ``duplicates``, every household of their years."""
    with gc_paused():
        return _load(ws, scope, duplicates, rep)


def _load(ws: Workspace, scope: Scope, duplicates: bool, rep: Reporter | None) -> Facts:
    focus = focus_ids(ws, scope)
    if duplicates:
        years = universe_years(ws, scope)
        where, args = "h.nam_ra_soat IN (SELECT value FROM json_each(?))", [_json_ids(years)]
    else:
        where, args = scope.where()
    households = {
        r[0]: HouseholdFacts(*r)
        for r in ws.conn.execute(
            f"SELECT {_H_COLS} FROM households h LEFT JOIN communes c ON c.code = h.ma_xa WHERE {where}",
            args,
        )
    }
    people = _load_people(ws, where, args, households, rep)
    return Facts(households, people, focus)


def _load_people(
    ws: Workspace,
    where: str,
    args: Sequence[Any],
    households: dict[int, HouseholdFacts],
    rep: Reporter | None,
) -> list[Person]:
    people: list[Person] = []
    cur = ws.conn.execute(
        f"SELECT {_M_COLS} FROM members m JOIN households h ON h.id = m.household_id WHERE {where}"
        " ORDER BY m.household_id, m.stt",
        args,
    )
    append = people.append
    for n, (hid, stt, name, rel, sex, birth, eth, pid, job, school) in enumerate(cur):
        h = households[hid]
        p = Person(n, hid, h.year, stt, name, name_key(name), rel, sex, birth, int(birth[:4]), eth or "",
                   id_key(pid), job, school, len(birth) == 10)  # fmt: skip
        append(p)
        h.members.append(p)
        if rep is not None and not n & 0x3FF:
            rep.step(1024)
    return people


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while hundreds of thousands of records are built.

    They hold no reference cycles, but each collection would walk them all: measured here,
    pausing saves 20–30 % of a province-size check. Reference counting still frees memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def age_at(birth: str, ref: dt.date) -> int:
    """Completed years at ``ref`` of a stored birth text (as ``rules.classifier.age_years``)."""
    age = ref.year - int(birth[:4])
    if len(birth) >= 7:
        month = int(birth[5:7])
        day = int(birth[8:10]) if len(birth) >= 10 else 1
        if (ref.month, ref.day) < (month, day):
            age -= 1
    return age
