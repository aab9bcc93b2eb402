"""Small communes for the report tests: households of a chosen class, saved the normal way.

``hh(raw, "H01", 2023, "poor")`` turns the conftest ``raw_household`` (poor: income 1.450.000,
deprived in 1.2, 2.2, 4.1, 5.2) into a household of the requested class:
near-poor = durable walls and a septic latrine (deprived in 1.2 and 2.2 only), average = income
2.000.000, not poor = income 3.000.000. ``save(ws, [...])`` parses with
``household_from_raw`` and saves them in one transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace

INCOME = {"poor": "1.450.000", "near_poor": "1.450.000", "average": "2.000.000", "not_poor": "3.000.000"}


def hh(
    base: dict[str, Any],
    ma_ho: str,
    year: int,
    klass: str,
    *,
    thon: str = "Thôn Đông",
    ma_xa: str = "12345",
    plt: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    raw = copy.deepcopy(base)
    raw.update(ma_ho=ma_ho, ma_xa=ma_xa, thon=thon, nam_ra_soat=year, ngay_ra_soat=f"15/10/{year}")
    raw["thu_nhap_bq"] = INCOME[klass]
    if klass == "near_poor":
        raw.update(tuong="bền chắc", nha_tieu="tự hoại")
    if plt is not None:
        raw["phan_loai_truoc"] = plt
    raw.update(fields)
    return raw


def save(ws: Workspace, raws: Iterable[dict[str, Any]]) -> None:
    households = []
    for raw in raws:
        h, problems = household_from_raw(raw, raw["thanh_vien"])
        assert h is not None, [str(p) for p in problems]
        households.append(h)
    ws.households.save_many(households)


def many(base: dict[str, Any], prefix: str, year: int, klass: str, n: int, **kw: Any) -> list[dict[str, Any]]:
    """``n`` households of one class, codes ``prefix01``, ``prefix02`` …"""
    return [hh(base, f"{prefix}{i:02d}", year, klass, **kw) for i in range(1, n + 1)]


# --- the hand-computed commune of the summary tests ------------------------------------------
#
# 2022 (compare year)                         2023 (report year)
# Thôn Đông (33): D01 near, N01 poor,          Thôn Đông (32): D01 poor, N01–N05 near,
#   N02–N05 near, A01 poor, A02 not poor,        A01–A02 average, K01–K24 not poor
#   K01 near, K02–K24 not poor, X01 poor
# Thôn Tây (3): T1 not poor, T2 near, T3 poor  Thôn Tây (3): T1 poor, T2 near, T3 near
# Thôn Bắc (1): B01 poor                       Thôn Bắc: nobody reviewed


def contract_commune(base: dict[str, Any]) -> list[dict[str, Any]]:
    y0, y = 2022, 2023
    east, west, north = "Thôn Đông", "Thôn Tây", "Thôn Bắc"
    rows = [
        hh(base, "D01", y0, "near_poor"), hh(base, "N01", y0, "poor"),
        *[hh(base, f"N0{i}", y0, "near_poor") for i in range(2, 6)],
        hh(base, "A01", y0, "poor"), hh(base, "A02", y0, "not_poor"), hh(base, "K01", y0, "near_poor"),
        *[hh(base, f"K{i:02d}", y0, "not_poor") for i in range(2, 25)],
        hh(base, "X01", y0, "poor"),
        hh(base, "T1", y0, "not_poor", thon=west), hh(base, "T2", y0, "near_poor", thon=west),
        hh(base, "T3", y0, "poor", thon=west), hh(base, "B01", y0, "poor", thon=north),
        hh(base, "D01", y, "poor"), *[hh(base, f"N0{i}", y, "near_poor") for i in range(1, 6)],
        hh(base, "A01", y, "average"), hh(base, "A02", y, "average"),
        *[hh(base, f"K{i:02d}", y, "not_poor") for i in range(1, 25)],
        hh(base, "T1", y, "poor", thon=west), hh(base, "T2", y, "near_poor", thon=west),
        hh(base, "T3", y, "near_poor", thon=west),
    ]  # fmt: skip
    assert all(r["thon"] == east for r in rows if r["ma_ho"][0] in "DNAKX")
    return rows
