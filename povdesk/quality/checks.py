"""Consistency checks: warnings about one household that a reviewer resolves or accepts.

Each check is a function ``(household) -> issues`` registered in :data:`CHECKS` with its code
and its Vietnamese label; every issue carries a Vietnamese message naming the member(s), and a
``subject`` that identifies the member(s) durably (birth year + name key, not the row number),
so a warning accepted with a reason stays accepted when rows are renumbered.

Ages are completed years at the household's survey date (as the classifier counts them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from povdesk.quality.facts import HEAD, HouseholdFacts, Person, age_at
from povdesk.text import BIRTH_PROVINCE_CODES, format_number, validate_person_id

HEAD_MIN_AGE = 15
MAX_AGE = 110
SPOUSE_MAX_GAP = 40
PARENT_MIN_GAP = 12
"""A parent at least this much older than a child; less is flagged (``parent_child_gap``)."""
SCHOOL_AGES = (3, 30)
"""Ages for which the form asks whether a member is studying (workbook-format: dang_di_hoc)."""
FLOOR_AREA_MAX = 1000.0
WAGE_JOBS = ("làm công có hợp đồng", "làm công không hợp đồng")

SPOUSES = ("vợ", "chồng")
FEMALE_RELATIONS = ("vợ", "mẹ", "bà", "con dâu")
MALE_RELATIONS = ("chồng", "bố", "ông", "con rể")


@dataclass(frozen=True)
class Issue:
    """One warning about one household (a consistency check or a duplicate pair).

    ``members`` are the ``stt`` of the members concerned (display order); ``subject`` is the
    durable reference used to remember an acceptance. Duplicate issues carry ``pair_id``,
    the other household and the pair's score.
    """

    household_id: int
    check: str
    message: str
    members: tuple[int, ...] = ()
    subject: str = ""
    pair_id: str | None = None
    other_household_id: int | None = None
    score: int | None = None
    accepted: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    run: Callable[[_Household], Iterator[Issue]] | None = field(default=None, compare=False)


class _Household:
    """A household prepared for the checks: ages and family roles worked out once."""

    def __init__(self, h: HouseholdFacts) -> None:
        self.h = h
        self.survey = dt.date.fromisoformat(h.survey_date)
        self.ages = {m.index: age_at(m.birth, self.survey) for m in h.members}
        self.head: Person | None = None
        self.spouses: list[Person] = []
        self.children: list[Person] = []
        self.parents: list[Person] = []
        for m in h.members:
            if m.relation == HEAD:
                self.head = self.head or m
            elif m.relation in SPOUSES:
                self.spouses.append(m)
            elif m.relation == "con":
                self.children.append(m)
            elif m.relation in ("bố", "mẹ"):
                self.parents.append(m)
        self.lineage = list(self._lineage())

    def _lineage(self) -> Iterator[tuple[Person, Person, str]]:
        """(parent, child, how the parent is named) pairs the roster implies."""
        head = self.head
        if head is None:
            return
        for child in self.children:
            yield head, child, "chủ hộ"
            for spouse in self.spouses:
                yield spouse, child, spouse.relation
        for parent in self.parents:
            yield parent, head, parent.relation

    def age(self, m: Person) -> int:
        return self.ages[m.index]

    def issue(self, check: str, message: str, *people: Person) -> Issue:
        return Issue(
            self.h.id, check, message, tuple(p.stt for p in people), ",".join(p.subject for p in people)
        )


def _who(m: Person) -> str:
    return f"{m.name} (thành viên {m.stt})"


# --- the checks ---------------------------------------------------------------------------------


def head_under_15(hh: _Household) -> Iterator[Issue]:
    head = hh.head
    if head is not None and hh.age(head) < HEAD_MIN_AGE:
        yield hh.issue(
            "head_under_15", f"Chủ hộ {_who(head)} mới {hh.age(head)} tuổi (dưới {HEAD_MIN_AGE})", head
        )


def child_older_than_parent(hh: _Household) -> Iterator[Issue]:
    for parent, child, role in hh.lineage:
        pa, ca = hh.age(parent), hh.age(child)
        if ca >= pa:
            yield hh.issue(
                "child_older_than_parent",
                f"{_who(child)}, {ca} tuổi, không nhỏ tuổi hơn {role} {_who(parent)}, {pa} tuổi",
                parent,
                child,
            )


def parent_child_gap(hh: _Household) -> Iterator[Issue]:
    for parent, child, role in hh.lineage:
        gap = hh.age(parent) - hh.age(child)
        # Only the head's own line: a spouse's stepchildren can be close in age.
        if 0 < gap < PARENT_MIN_GAP and role not in SPOUSES:
            yield hh.issue(
                "parent_child_gap",
                f"{role.capitalize()} {_who(parent)} chỉ hơn {_who(child)} {gap} tuổi",
                parent,
                child,
            )


def spouse_age_gap(hh: _Household) -> Iterator[Issue]:
    head = hh.head
    if head is None:
        return
    for spouse in hh.spouses:
        gap = abs(hh.age(head) - hh.age(spouse))
        if gap > SPOUSE_MAX_GAP:
            yield hh.issue(
                "spouse_age_gap",
                f"Chủ hộ và {spouse.relation} {_who(spouse)} chênh nhau {gap} tuổi (trên {SPOUSE_MAX_GAP})",
                head,
                spouse,
            )


def several_spouses(hh: _Household) -> Iterator[Issue]:
    spouses = hh.spouses
    if len(spouses) > 1:
        names = ", ".join(_who(s) for s in spouses)
        yield hh.issue(
            "several_spouses", f"Hộ ghi {len(spouses)} người là vợ/chồng của chủ hộ: {names}", *spouses
        )


def relation_sex(hh: _Household) -> Iterator[Issue]:
    for m in hh.h.members:
        expected = "nữ" if m.relation in FEMALE_RELATIONS else "nam" if m.relation in MALE_RELATIONS else None
        if expected is not None and m.sex != expected:
            yield hh.issue("relation_sex", f"{_who(m)} ghi quan hệ '{m.relation}' nhưng giới tính {m.sex}", m)


def _id_expected(m: Person) -> tuple[str, str] | None:
    """Century/sex digit and year digits a 12-digit ID of this member should carry."""
    century = (m.birth_year - 1900) // 100
    if not 0 <= century <= 4:
        return None
    return str(century * 2 + (m.sex == "nữ")), f"{m.birth_year % 100:02d}"


def id_number(hh: _Household) -> Iterator[Issue]:
    """ID digits disagreeing with the member (``id_mismatch``), other ID warnings (``id_format``)."""
    for m in hh.h.members:
        pid = m.id_number
        if not pid:
            continue
        expected = _id_expected(m)
        plain = len(pid) == 12 and pid.isdigit() and pid[:3] in BIRTH_PROVINCE_CODES
        if plain and expected is not None and (pid[3], pid[4:6]) == expected:
            continue  # the common case, without building messages
        full = validate_person_id(pid, birth_year=m.birth_year, sex=m.sex)
        bare = validate_person_id(pid)
        mismatch = [w for w in full.warnings if w not in bare.warnings]
        other = [*bare.errors, *bare.warnings]
        if mismatch:
            yield hh.issue("id_mismatch", f"{_who(m)}: " + "; ".join(mismatch), m)
        if other:
            yield hh.issue("id_format", f"{_who(m)}: " + "; ".join(other), m)


def id_repeated(hh: _Household) -> Iterator[Issue]:
    seen: dict[str, Person] = {}
    for m in hh.h.members:
        if m.id_number:
            first = seen.setdefault(m.id_number, m)
            if first is not m:
                yield hh.issue(
                    "id_repeated", f"{_who(first)} và {_who(m)} ghi cùng một số định danh", first, m
                )


def member_repeated(hh: _Household) -> Iterator[Issue]:
    seen: dict[tuple[str, int, str], Person] = {}
    for m in hh.h.members:
        first = seen.setdefault((m.key, m.birth_year, m.sex), m)
        if first is not m and m.key:
            yield hh.issue(
                "member_repeated",
                f"{_who(first)} và {_who(m)} trùng họ tên, năm sinh và giới tính: có thể nhập hai lần",
                first,
                m,
            )


def school_age(hh: _Household) -> Iterator[Issue]:
    low, high = SCHOOL_AGES
    for m in hh.h.members:
        age = hh.age(m)
        if m.in_school and not low <= age <= high:
            yield hh.issue(
                "school_age",
                f"{_who(m)}, {age} tuổi, ghi 'đang đi học' (thường chỉ từ {low} đến {high} tuổi)",
                m,
            )


def floor_area(hh: _Household) -> Iterator[Issue]:
    area = hh.h.floor_area
    if area is not None and (area <= 0 or area > FLOOR_AREA_MAX):
        shown = format_number(area, 0 if float(area).is_integer() else 1)
        yield hh.issue(
            "floor_area",
            f"Diện tích nhà ở {shown} m² không hợp lý (bằng 0 hoặc trên {format_number(FLOOR_AREA_MAX)} m²)",
        )


def income_zero_wage(hh: _Household) -> Iterator[Issue]:
    if hh.h.income != 0:
        return
    workers = [m for m in hh.h.members if m.job in WAGE_JOBS]
    if workers:
        names = ", ".join(_who(m) for m in workers)
        yield hh.issue(
            "income_zero_wage", f"Thu nhập bình quân bằng 0 nhưng có người làm công: {names}", *workers
        )


def age_over_110(hh: _Household) -> Iterator[Issue]:
    for m in hh.h.members:
        if hh.age(m) > MAX_AGE:
            yield hh.issue("age_over_110", f"{_who(m)} đã {hh.age(m)} tuổi (trên {MAX_AGE})", m)


# Duplicate checks are found by the scan (povdesk.quality.duplicates), not per household.
DUPLICATE_ID, DUPLICATE_PERSON, DUPLICATE_HOUSEHOLD = (
    "duplicate_id",
    "duplicate_person",
    "duplicate_household",
)

CHECKS: tuple[Check, ...] = (
    Check(DUPLICATE_ID, "Trùng số định danh giữa hai hộ"),
    Check(DUPLICATE_PERSON, "Có thể trùng người giữa hai hộ"),
    Check(DUPLICATE_HOUSEHOLD, "Có thể một hộ được nhập hai lần"),
    Check("head_under_15", "Chủ hộ dưới 15 tuổi", head_under_15),
    Check("child_older_than_parent", "Con không nhỏ tuổi hơn cha/mẹ", child_older_than_parent),
    Check("parent_child_gap", "Cha/mẹ hơn con dưới 12 tuổi", parent_child_gap),
    Check("spouse_age_gap", "Vợ chồng chênh nhau trên 40 tuổi", spouse_age_gap),
    Check("several_spouses", "Nhiều hơn một vợ/chồng", several_spouses),
    Check("relation_sex", "Quan hệ với chủ hộ không khớp giới tính", relation_sex),
    Check("id_mismatch", "Số định danh không khớp năm sinh/giới tính", id_number),
    Check("id_format", "Số định danh cần xem lại"),  # emitted by id_number
    Check("id_repeated", "Hai thành viên cùng số định danh", id_repeated),
    Check("member_repeated", "Thành viên nhập hai lần trong hộ", member_repeated),
    Check("school_age", "Đi học ở độ tuổi không hợp lý", school_age),
    Check("floor_area", "Diện tích nhà bằng 0 hoặc trên 1.000 m²", floor_area),
    Check("income_zero_wage", "Thu nhập bằng 0 nhưng có người làm công", income_zero_wage),
    Check("age_over_110", "Thành viên trên 110 tuổi", age_over_110),
)
CHECK_LABELS = {c.code: c.label for c in CHECKS}
DUPLICATE_CHECKS = (DUPLICATE_ID, DUPLICATE_PERSON, DUPLICATE_HOUSEHOLD)


def check_household(h: HouseholdFacts) -> list[Issue]:
    """Every consistency issue of one household (duplicates excluded), in check order."""
    hh = _Household(h)
    return [issue for c in CHECKS if c.run is not None for issue in c.run(hh)]
