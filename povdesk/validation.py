"""Build households from raw records and check them, collecting *every* problem.

Two layers: :func:`parse_record` turns one raw record (a workbook row, a JSON object, the
editor's fields) into typed values, one problem per bad field; :func:`check_household` checks a
built household as a whole (required fields by age, one head with ``stt = 1`` named as
``chu_ho``, unique ``stt``, ID numbers). Errors block the write; warnings do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from povdesk.domain import Household, Member
from povdesk.errors import Problem, ValidationError
from povdesk.fields import (
    HEAD,
    HOUSEHOLD_FIELDS,
    MEMBER_FIELDS,
    FieldSpec,
    parse_value,
)
from povdesk.rules.classifier import age_years
from povdesk.text import fold_choice, validate_person_id

MEMBER_DEFAULTS: dict[str, Any] = {"dan_toc": "01", "dinh_duong": None}
_MEMBER_ATTRS = {f.code for f in MEMBER_FIELDS} - {"ma_ho"}
_HOUSEHOLD_ATTRS = {f.code for f in HOUSEHOLD_FIELDS}


def parse_record(
    specs: Sequence[FieldSpec],
    raw: Mapping[str, Any],
    *,
    sheet: str | None = None,
    row: int | None = None,
    member: int | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Parse every known field of ``raw``; a field that fails is left out and reported."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in specs:
        if spec.code not in raw:
            values[spec.code] = None
            continue
        try:
            values[spec.code] = parse_value(spec, raw[spec.code])
        except ValueError as e:
            problems.append(
                Problem(str(e), field=spec.code, member=member, sheet=sheet, row=row,
                        value=_shown(raw[spec.code]))
            )  # fmt: skip
    return values, problems


def _shown(raw: Any) -> str:
    s = str(raw)
    return s if len(s) <= 60 else s[:57] + "…"


def build_household(values: Mapping[str, Any], members: Iterable[Mapping[str, Any]]) -> Household:
    """Assemble a :class:`Household` from parsed values (missing required values must have been
    reported already; this fills defaults and orders members by ``stt``)."""
    ms = [Member(**{k: _or_default(m, k) for k in _MEMBER_ATTRS}) for m in members]
    ms.sort(key=lambda m: m.stt)
    hv: dict[str, Any] = {k: values.get(k) for k in _HOUSEHOLD_ATTRS}
    hv["thiet_bi_thong_tin"] = hv["thiet_bi_thong_tin"] or ()
    hv["nguyen_nhan_ngheo"] = hv["nguyen_nhan_ngheo"] or ()
    return Household(**hv, members=tuple(ms))


def _or_default(m: Mapping[str, Any], k: str) -> Any:
    v = m.get(k)
    return MEMBER_DEFAULTS.get(k) if v is None else v


def missing_required(
    values: Mapping[str, Any], specs: Sequence[FieldSpec], *, age: int | None = None
) -> list[str]:
    """Codes of required fields with no value (age-ranged ones only when ``age`` is in range)."""
    out = []
    for spec in specs:
        req = spec.required
        if isinstance(req, tuple):
            req = age is not None and req[0] <= age <= req[1]
        if req and values.get(spec.code) is None:
            out.append(spec.code)
    return out


def household_from_raw(
    raw: Mapping[str, Any], members_raw: Sequence[Mapping[str, Any]]
) -> tuple[Household | None, list[Problem]]:
    """Parse and check a household given as field-code mappings (JSON, editor).

    Returns the household (``None`` if any error) and every problem, warnings included.
    """
    values, problems = parse_record(HOUSEHOLD_FIELDS, raw)
    members: list[dict[str, Any]] = []
    for i, m in enumerate(members_raw, start=1):
        mv, mp = parse_record(MEMBER_FIELDS, m, member=_stt(m, i))
        members.append(mv)
        problems += mp
    problems += without_repeats(check_values(values, members), problems)
    if any(p.is_error for p in problems):
        return None, problems
    h = build_household(values, members)
    problems += check_household(h)
    return (None if any(p.is_error for p in problems) else h), problems


def without_repeats(new: Sequence[Problem], earlier: Sequence[Problem]) -> list[Problem]:
    """``new`` minus problems on a field already reported (a value that failed to parse is
    also "missing"; say it once)."""
    seen = {(p.sheet, p.row, p.member, p.field) for p in earlier}
    return [p for p in new if (p.sheet, p.row, p.member, p.field) not in seen]


def _stt(m: Mapping[str, Any], default: int) -> int:
    try:
        return int(m.get("stt") or default)
    except (TypeError, ValueError):
        return default


def check_values(values: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """Required fields, household and members (by age at the survey date)."""
    problems = [
        Problem("Thiếu giá trị bắt buộc", field=c) for c in missing_required(values, HOUSEHOLD_FIELDS)
        if c != "ma_ho" or values.get("ma_ho") is None
    ]  # fmt: skip
    if values.get("thu_nhap_bq") is None and values.get("diem_a") is None:
        problems.append(Problem("Cần thu nhập bình quân (hoặc điểm A)", field="thu_nhap_bq"))
    if not members:
        problems.append(Problem("Hộ phải có ít nhất một thành viên (chủ hộ)", field="chu_ho"))
    ref = values.get("ngay_ra_soat")
    for i, m in enumerate(members, start=1):
        age = age_years(m["ngay_sinh"], ref) if ref and m.get("ngay_sinh") else None
        if age is not None and age < 0:
            problems.append(
                Problem("Ngày sinh sau ngày rà soát", field="ngay_sinh", member=m.get("stt") or i)
            )
        for code in missing_required(m, MEMBER_FIELDS, age=age):
            if code == "ma_ho":
                continue
            msg = "Thiếu giá trị bắt buộc" + (f" (thành viên {age} tuổi)" if age is not None else "")
            problems.append(Problem(msg, field=code, member=m.get("stt") or i))
    return problems


def check_household(h: Household) -> list[Problem]:
    """Whole-household rules: head, stt, ID numbers, year-specific answers."""
    problems: list[Problem] = []
    stts = [m.stt for m in h.members]
    for s in sorted({s for s in stts if stts.count(s) > 1}):
        problems.append(Problem(f"STT {s} bị trùng trong hộ", field="stt", member=s))
    heads = [m for m in h.members if m.quan_he == HEAD]
    if len(heads) != 1:
        problems.append(Problem(f"Hộ phải có đúng một chủ hộ (có {len(heads)})", field="quan_he"))
    else:
        head = heads[0]
        if head.stt != 1:
            problems.append(Problem("Chủ hộ phải có STT = 1", field="stt", member=head.stt))
        if head.ho_ten != h.chu_ho and fold_choice(head.ho_ten) != fold_choice(h.chu_ho):
            problems.append(Problem("Tên chủ hộ (chu_ho) khác họ tên thành viên là chủ hộ", field="chu_ho"))
    for m in h.members:
        if m.so_dinh_danh:
            chk = validate_person_id(m.so_dinh_danh, birth_year=m.ngay_sinh.year, sex=m.gioi_tinh)
            problems += [Problem(e, field="so_dinh_danh", member=m.stt) for e in chk.errors]
            problems += [
                Problem(w, field="so_dinh_danh", member=m.stt, severity="warning") for w in chk.warnings
            ]
    if h.nam_ra_soat != h.ngay_ra_soat.year and h.ngay_ra_soat.year != h.nam_ra_soat + 1:
        problems.append(
            Problem("Ngày rà soát không thuộc năm rà soát", field="ngay_ra_soat", severity="warning")
        )
    return problems


def raise_if_errors(problems: Sequence[Problem], summary: str) -> None:
    if any(p.is_error for p in problems):
        raise ValidationError(list(problems), summary)
