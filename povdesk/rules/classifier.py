"""The classifier: derive the deprivation flags from raw answers and decide the class.

Everything numeric comes from the :class:`~povdesk.rules.ruleset.RuleSet`; this module only knows
the *kinds* of test an indicator may use (``TESTS``) and the classification ladder of
reference-rules.md. Boundaries are exactly as written there: income ``<=`` line is poor/near-poor,
``D >= 3`` is poor, ``line < income <= upper`` is average, dependants ``> 50 %``, area ``< 8 m²``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from povdesk.domain import Classification, Household, HouseholdClass, Member
from povdesk.errors import Problem, ValidationError
from povdesk.rules.ruleset import RuleSet, WorkingAge
from povdesk.text import PartialDate, format_number

# --- ages ---------------------------------------------------------------------------------


def age_years(birth: PartialDate, ref: dt.date) -> int:
    """Completed years at ``ref``; with a birth year only, ``ref.year - birth.year``."""
    age = ref.year - birth.year
    if birth.month is None:
        return age
    if (ref.month, ref.day) < (birth.month, birth.day or 1):
        age -= 1
    return age


def age_months(birth: PartialDate, ref: dt.date) -> int:
    """Completed months at ``ref`` (a birth month without a day counts from the 1st)."""
    assert birth.month is not None
    months = (ref.year - birth.year) * 12 + (ref.month - birth.month)
    if ref.day < (birth.day or 1):
        months -= 1
    return months


def is_working_age(birth: PartialDate, sex: str, ref: dt.date, wa: WorkingAge) -> bool:
    """``min_age <= age < retirement age`` of the reference year and sex.

    With a birth date the exact age (in completed months) is compared with the retirement age
    (which the Labour Code sets in whole months); with a birth year only, the integer age is.
    """
    retire = wa.retirement_months(ref.year, sex)
    if birth.month is None:
        age = ref.year - birth.year
        return wa.min_age <= age and age * 12 < retire
    months = age_months(birth, ref)
    return wa.min_age * 12 <= months < retire


# --- indicator tests ----------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """Per-household facts computed once: reference date and each member's age."""

    household: Household
    ref: dt.date
    ages: tuple[int, ...]
    working: tuple[bool, ...]
    rows: tuple[tuple[Member, int, bool], ...] = ()  # (member, age, working), built once

    def members(self) -> Sequence[tuple[Member, int, bool]]:
        return self.rows or tuple(zip(self.household.members, self.ages, self.working, strict=True))


Test = Callable[[Context, Mapping[str, Any]], bool]
TESTS: dict[str, Test] = {}
# Per test kind: the parameters it needs and whose fields (Member or Household) it names.
_REQUIRED: dict[str, tuple[str, ...]] = {}
_SCOPE: dict[str, type] = {}
_FIELD_PARAMS = ("field", "studying_field", "fields")


def _test(name: str, scope: type, *required: str) -> Callable[[Test], Test]:
    def register(fn: Test) -> Test:
        TESTS[name] = fn
        _REQUIRED[name] = required
        _SCOPE[name] = scope
        return fn

    return register


def check_params(test: str, params: Mapping[str, Any]) -> list[str]:
    """What is wrong with an indicator's parameters for test kind ``test`` (empty if nothing).

    Lets a rule-set file be refused when it is loaded rather than fail at classification time:
    every required parameter present, field names naming real answers, age bands complete.
    """
    problems = [f"thiếu khóa '{k}'" for k in _REQUIRED[test] if k not in params]
    known = {f.name for f in fields(_SCOPE[test])}
    for key in _FIELD_PARAMS:
        if key in params:
            names = params[key] if isinstance(params[key], list) else [params[key]]
            problems += [f"{key}: không có trường '{n}'" for n in names if n not in known]
    for i, band in enumerate(params.get("bands", []) if test == "adult_education" else []):
        if not isinstance(band, Mapping) or "deprived_levels" not in band:
            problems.append(f"bands[{i}]: thiếu khóa 'deprived_levels'")
    return problems


def _in_range(age: int, p: Mapping[str, Any]) -> bool:
    return int(p.get("min_age", 0)) <= age <= int(p.get("max_age", 10_000))


@_test("working_age_member_in", Member, "field", "values")
def _working_age_member_in(c: Context, p: Mapping[str, Any]) -> bool:
    """At least one working-age member whose ``field`` is one of ``values``."""
    return any(w and getattr(m, p["field"]) in p["values"] for m, _, w in c.members())


@_test("dependant_share_above", Member, "share", "under_age", "from_age")
def _dependant_share_above(c: Context, p: Mapping[str, Any]) -> bool:
    """Dependants / household size ``> share``; each member counted at most once."""
    n = sum(1 for m, age, _ in c.members() if _is_dependant(m, age, p))
    return n > float(p["share"]) * len(c.ages)


def _is_dependant(m: Member, age: int, p: Mapping[str, Any]) -> bool:
    return (
        age < int(p["under_age"])
        or age >= int(p["from_age"])
        or (bool(p.get("no_working_capacity")) and m.kha_nang_lao_dong is False)
        or (bool(p.get("social_allowance")) and m.tro_cap_xa_hoi is True)
    )


@_test("member_value_in", Member, "field", "values")
def _member_value_in(c: Context, p: Mapping[str, Any]) -> bool:
    """At least one member in the age range whose ``field`` is one of ``values``."""
    return any(_in_range(a, p) and getattr(m, p["field"]) in p["values"] for m, a, _ in c.members())


@_test("member_flag_is", Member, "field", "value")
def _member_flag_is(c: Context, p: Mapping[str, Any]) -> bool:
    """At least one member in the age range whose yes/no ``field`` equals ``value``."""
    return any(_in_range(a, p) and getattr(m, p["field"]) is p["value"] for m, a, _ in c.members())


@_test("adult_education", Member, "studying_field", "bands")
def _adult_education(c: Context, p: Mapping[str, Any]) -> bool:
    """A member in an age band, not studying, whose level is one of the band's deprived levels."""
    for m, age, _ in c.members():
        if getattr(m, p["studying_field"]) is True:
            continue
        for band in p["bands"]:
            if _in_range(age, band) and m.trinh_do in band["deprived_levels"]:
                return True
    return False


@_test("fields_equal_at_least", Household, "fields", "value", "min_count")
def _fields_equal_at_least(c: Context, p: Mapping[str, Any]) -> bool:
    """At least ``min_count`` of the household ``fields`` equal ``value``."""
    hits = sum(1 for f in p["fields"] if getattr(c.household, f) == p["value"])
    return hits >= int(p["min_count"])


@_test("per_person_below", Household, "field", "limit")
def _per_person_below(c: Context, p: Mapping[str, Any]) -> bool:
    """Household ``field`` / household size ``< limit`` (compared without division)."""
    return float(getattr(c.household, p["field"])) < float(p["limit"]) * c.household.size


@_test("household_value_not_in", Household, "field", "values")
def _household_value_not_in(c: Context, p: Mapping[str, Any]) -> bool:
    return getattr(c.household, p["field"]) not in p["values"]


@_test("household_value_in", Household, "field", "values")
def _household_value_in(c: Context, p: Mapping[str, Any]) -> bool:
    return getattr(c.household, p["field"]) in p["values"]


@_test("household_flag_is", Household, "field", "value")
def _household_flag_is(c: Context, p: Mapping[str, Any]) -> bool:
    return getattr(c.household, p["field"]) is p["value"]


@_test("household_list_none_of", Household, "field", "values")
def _household_list_none_of(c: Context, p: Mapping[str, Any]) -> bool:
    return not set(getattr(c.household, p["field"])) & set(p["values"])


# --- classification -----------------------------------------------------------------------


def context(h: Household, rs: RuleSet) -> Context:
    ref = h.ngay_ra_soat
    wa = rs.working_age
    ages = tuple(age_years(m.ngay_sinh, ref) for m in h.members)
    working = tuple(is_working_age(m.ngay_sinh, m.gioi_tinh, ref, wa) for m in h.members)
    rows = tuple(zip(h.members, ages, working, strict=True))  # every test walks these: zip once
    return Context(household=h, ref=ref, ages=ages, working=working, rows=rows)


def deprivations(h: Household, rs: RuleSet) -> tuple[str, ...]:
    """Codes of the deprived indicators, in the rule set's code order."""
    c = context(h, rs)
    return tuple(i.code for i in rs.indicators if TESTS[i.test](c, i.params))


def classify(h: Household, rs: RuleSet) -> Classification:
    """Classify one household under ``rs`` (the caller picks ``rs`` by review year).

    Raises :class:`ValidationError` if the household cannot be classified (no members, or
    neither an income nor a usable score A).
    """
    if not h.members:
        raise ValidationError([Problem("Hộ không có thành viên nào", field="ma_ho")])
    deprived = deprivations(h, rs)
    d = len(deprived)
    dep_text = _deprivation_text(deprived)
    area = h.khu_vuc
    line, upper = rs.line(area), rs.upper(area)
    n = rs.poor_min_deprivations
    inputs: dict[str, Any] = {
        "khu_vuc": area,
        "size": h.size,
        "ngay_ra_soat": h.ngay_ra_soat.isoformat(),
    }
    if h.thu_nhap_bq is not None:
        i = h.thu_nhap_bq
        inputs["thu_nhap_bq"] = i
        if i <= line:
            klass = HouseholdClass.POOR if d >= n else HouseholdClass.NEAR_POOR
            why = f"thu nhập {_m(i)} ≤ {_m(line)}; {dep_text}"
        elif upper is not None and i <= upper:
            klass = HouseholdClass.AVERAGE
            why = f"{_m(line)} < thu nhập {_m(i)} ≤ {_m(upper)}"
        else:
            klass = HouseholdClass.NOT_POOR
            why = f"thu nhập {_m(i)} > {_m(upper if upper is not None else line)}"
        return Classification(rs.id, klass, deprived, i, None, line, upper, f"{klass.label}: {why}", inputs)
    cutoff = rs.cutoff(area)
    if h.diem_a is None or cutoff is None:
        msg = (
            "Thiếu thu nhập bình quân (thu_nhap_bq)"
            if h.diem_a is None
            else f"Chuẩn {rs.id} không có ngưỡng điểm A: cần nhập thu nhập bình quân (thu_nhap_bq)"
        )
        raise ValidationError([Problem(msg, field="thu_nhap_bq")])
    a = h.diem_a
    inputs["diem_a"] = a
    if a <= cutoff:
        klass = HouseholdClass.POOR if d >= n else HouseholdClass.NEAR_POOR
        rel = "≥" if d >= n else "<"
        why = f"điểm A {a} ≤ {cutoff}; điểm B {10 * d} {rel} {10 * n} ({dep_text})"
    else:
        klass = HouseholdClass.NOT_POOR
        why = f"điểm A {a} > {cutoff}"
    return Classification(rs.id, klass, deprived, None, a, line, upper, f"{klass.label}: {why}", inputs)


def _m(n: int) -> str:
    return format_number(n)


def _deprivation_text(deprived: Sequence[str]) -> str:
    if not deprived:
        return "không thiếu hụt chỉ số nào"
    return f"thiếu hụt {len(deprived)} chỉ số: {', '.join(deprived)}"
