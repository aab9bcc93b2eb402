"""Mapping between domain values and database rows, and the content hash of a household.

Storage forms: dates ISO ``YYYY-MM-DD``; a birth date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
(so text order is date order); yes/no as 1/0/NULL; lists joined with ``"; "``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from povdesk.domain import Household, Member
from povdesk.text import PartialDate

HOUSEHOLD_COLUMNS = (
    "ma_xa", "ma_ho", "nam_ra_soat", "ten_xa", "thon", "khu_vuc", "ngay_ra_soat",
    "ra_soat_vien", "chu_ho", "dia_chi", "thu_nhap_bq", "diem_a", "phan_loai_truoc", "tuong",
    "khung", "mai", "dien_tich_nha", "nguon_nuoc", "nha_tieu", "dung_internet",
    "thiet_bi_thong_tin", "xu_ly_rac", "ho_co_cong", "nguyen_nhan_ngheo", "ghi_chu",
)  # fmt: skip
MEMBER_COLUMNS = (
    "stt", "ho_ten", "quan_he", "gioi_tinh", "ngay_sinh", "dan_toc", "so_dinh_danh",
    "viec_lam", "kha_nang_lao_dong", "tro_cap_xa_hoi", "bhyt", "trinh_do", "dang_di_hoc",
    "dinh_duong",
)  # fmt: skip
_BOOL_H = {"dung_internet", "ho_co_cong"}
_LIST_H = {"thiet_bi_thong_tin", "nguyen_nhan_ngheo"}
_BOOL_M = {"kha_nang_lao_dong", "tro_cap_xa_hoi", "bhyt", "dang_di_hoc"}
LIST_SEP = "; "


def birth_to_text(b: PartialDate) -> str:
    if b.month is None:
        return f"{b.year:04d}"
    if b.day is None:
        return f"{b.year:04d}-{b.month:02d}"
    return f"{b.year:04d}-{b.month:02d}-{b.day:02d}"


def birth_from_text(s: str) -> PartialDate:
    parts = [int(p) for p in s.split("-")]
    return PartialDate(*parts)


def _b(v: bool | None) -> int | None:
    return None if v is None else int(v)


def _unb(v: Any) -> bool | None:
    return None if v is None else bool(v)


def household_row(h: Household) -> dict[str, Any]:
    """The ``households`` columns of ``h`` (without id, village, hash and timestamps)."""
    row: dict[str, Any] = {}
    for c in HOUSEHOLD_COLUMNS:
        v = getattr(h, c)
        if c in _BOOL_H:
            v = _b(v)
        elif c in _LIST_H:
            v = LIST_SEP.join(v)
        elif c == "ngay_ra_soat":
            v = v.isoformat()
        row[c] = v
    return row


def member_row(m: Member) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for c in MEMBER_COLUMNS:
        v = getattr(m, c)
        if c in _BOOL_M:
            v = _b(v)
        elif c == "ngay_sinh":
            v = birth_to_text(v)
        row[c] = v
    return row


def household_from_rows(row: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> Household:
    values: dict[str, Any] = {}
    for c in HOUSEHOLD_COLUMNS:
        v = row[c]
        if c in _BOOL_H:
            v = _unb(v)
        elif c in _LIST_H:
            v = tuple(v.split(LIST_SEP)) if v else ()
        elif c == "ngay_ra_soat":
            v = dt.date.fromisoformat(v)
        values[c] = v
    return Household(**values, members=tuple(member_from_row(m) for m in members))


def member_from_row(row: Mapping[str, Any]) -> Member:
    values: dict[str, Any] = {}
    for c in MEMBER_COLUMNS:
        v = row[c]
        if c in _BOOL_M:
            v = _unb(v)
        elif c == "ngay_sinh":
            v = birth_from_text(v)
        values[c] = v
    return Member(**values)


def content_hash(hrow: Mapping[str, Any], mrows: Sequence[Mapping[str, Any]]) -> str:
    """Stable hash of a household's stored content; equal hash == nothing to update."""
    payload = json.dumps(
        [[hrow[c] for c in HOUSEHOLD_COLUMNS], [[m[c] for c in MEMBER_COLUMNS] for m in mrows]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def diff(
    old_h: Mapping[str, Any],
    old_m: Sequence[Mapping[str, Any]],
    new_h: Mapping[str, Any],
    new_m: Sequence[Mapping[str, Any]],
) -> list[tuple[int | None, str, Any, Any]]:
    """Field changes ``(member_stt or None, field, old, new)``; members matched by ``stt``.

    A member added or removed appears as one entry with field ``"*"``.
    """
    out: list[tuple[int | None, str, Any, Any]] = [
        (None, c, old_h[c], new_h[c]) for c in HOUSEHOLD_COLUMNS if old_h[c] != new_h[c]
    ]
    om = {m["stt"]: m for m in old_m}
    nm = {m["stt"]: m for m in new_m}
    for stt in sorted(om.keys() | nm.keys()):
        a, b = om.get(stt), nm.get(stt)
        if a is None or b is None:
            out.append((stt, "*", a and a["ho_ten"], b and b["ho_ten"]))
            continue
        out += [(stt, c, a[c], b[c]) for c in MEMBER_COLUMNS if a[c] != b[c]]
    return out


def household_to_json(h: Household) -> dict[str, Any]:
    """``h`` as a JSON-able mapping of interchange field codes that :func:`household_from_raw`
    reads back to an equal household (dates ``dd/mm/yyyy``, lists as arrays)."""
    out: dict[str, Any] = {}
    for c in HOUSEHOLD_COLUMNS:
        v = getattr(h, c)
        if isinstance(v, dt.date):
            v = v.strftime("%d/%m/%Y")
        elif isinstance(v, tuple):
            v = list(v)
        out[c] = v
    out["thanh_vien"] = [
        {c: (str(getattr(m, c)) if c == "ngay_sinh" else getattr(m, c)) for c in MEMBER_COLUMNS}
        for m in h.members
    ]
    return out
