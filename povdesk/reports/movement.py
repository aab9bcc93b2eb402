"""Movement of households between a compare year and a report year, as SQL over the records.

A household is the same across years when its commune code and household code (``ma_xa``,
``ma_ho``) are the same. For the report year ``Y`` and the compare year ``Y0`` (< ``Y``):

**State at the start** (the household's class in ``Y0``), used for the ``*_prev`` figures:
  * its classification in ``Y0`` when it was reviewed in ``Y0``;
  * otherwise, when its first record in the database is later than ``Y0`` (typically: it is
    reviewed for the first time in ``Y``), the ``phan_loai_truoc`` of that first record:
    ``nghèo`` → poor, ``cận nghèo`` → near-poor. An empty ``phan_loai_truoc`` means "neither":
    such a household is counted among the start households only when its commune has no
    household reviewed in ``Y0`` at all (povdesk's first year for that commune: every household
    is assumed to have existed, with the class its form records); in a commune that has ``Y0``
    data it is a household new to the register (split, moved in) and has no start state;
  * otherwise (records before ``Y0`` but none in ``Y0``) it has no start state.

**Earlier years on record** (for "new" and "relapsed"): every record of the household before
``Y``, plus the ``phan_loai_truoc`` of its first record, read as its class the year before.

Poor households (R2) — each household in exactly one column:
  * start poor, now near-poor → ``escaped_poor_to_near_poor`` (2);
  * start poor, now average / not poor → ``escaped_poor_above`` (3);
  * start poor, **not reviewed in Y** → ``poor_other_decrease`` (4) — not counted as escaped;
  * start near-poor, now poor → ``near_poor_to_poor`` (5);
  * now poor, start neither poor nor near-poor (or no start state):
      - poor in an earlier year on record and not poor in a later earlier year (it escaped)
        → ``relapsed_poor`` (6);
      - otherwise never poor or near-poor in any earlier year on record → ``new_poor`` (7);
      - otherwise (e.g. near-poor years ago, then a gap) → ``poor_other_increase`` (8);
  so that ``poor = poor_prev − 2 − 3 − 4 + 5 + 6 + 7 + 8`` holds in every unit.
Near-poor households (R3) have the same shape: start near-poor → poor (5 of R2) / above
(``escaped_near_poor``) / not reviewed (``near_poor_other_decrease``); now near-poor from poor
(2 of R2), relapsed (poor or near-poor on record, then above the line, now near-poor again),
new (never poor or near-poor on record), other increase.

**Units.** Each household belongs, for the pair of years, to one unit: its commune, or its
village in ``Y`` (its village in ``Y0`` when not reviewed in ``Y``). The start figures of a
village are therefore last year's households regrouped by their current village (identical to
last year's own figures unless households changed village); totals are sums of units.

**Households reviewed in only one of the two years.** Reviewed in ``Y0`` but not in ``Y``
(died, moved away, merged — or simply not reviewed): counted in the start figures and as an
"other decrease" (R2/R3 column 4), never as escaped. Reviewed in ``Y`` but not in ``Y0``: its
start state comes from ``phan_loai_truoc`` as above, or it has none; if poor / near-poor now it
is new, relapsed or an "other increase" by its earlier records.

**How it is computed.** Two grouped SQL queries — households of ``Y`` (joined to their ``Y0``
record through the unique key index; earlier years looked up only for the few households that
need them) counted by (unit, class now, start state, kind of arrival), and households of ``Y0``
absent in ``Y`` counted by (unit, class) — then :func:`fold` turns those few hundred groups
into the report columns. No Python loop over households.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from povdesk.reports.common import By, unit_sql

ABOVE = "('average', 'not_poor')"
PN = "('poor', 'near_poor')"

# Kinds of arrival in the class of the report year (columns ``kp`` / ``kn`` of the CTE ``f``).
STAY, FROM_OTHER_CLASS, RELAPSED, NEW, OTHER = 0, 1, 2, 3, 4

# Earlier-record lookups for one household (``k``): only evaluated inside CASE branches, i.e.
# for the few households that are poor / near-poor now without having been so at the start.
_EARLIER = (
    "SELECT {agg}(x.nam_ra_soat) FROM households x JOIN classifications xc ON xc.household_id = x.id"
    " WHERE x.ma_xa = k.ma_xa AND x.ma_ho = k.ma_ho AND x.nam_ra_soat < :y AND xc.klass {cond}"
)
_FIRST_POOR = _EARLIER.format(agg="MIN", cond="= 'poor'")
_FIRST_PN = _EARLIER.format(agg="MIN", cond=f"IN {PN}")
_LAST_NOT_POOR = _EARLIER.format(agg="MAX", cond="<> 'poor'")
_LAST_ABOVE = _EARLIER.format(agg="MAX", cond=f"IN {ABOVE}")
# The first record's year and phan_loai_truoc packed in one integer: year * 4 + (1 nghèo, 2 cận nghèo).
_FIRST_CODE = (
    "SELECT x.nam_ra_soat * 4 + CASE x.phan_loai_truoc WHEN 'nghèo' THEN 1 WHEN 'cận nghèo' THEN 2 ELSE 0 END"
    " FROM households x WHERE x.ma_xa = k.ma_xa AND x.ma_ho = k.ma_ho ORDER BY x.nam_ra_soat LIMIT 1"
)
# Earliest poor (poor-or-near-poor) point on record: the first record's phan_loai_truoc counts
# as a point the year before that record.
_PT_POOR = f"CASE WHEN k.first_code % 4 = 1 THEN k.first_code / 4 - 1 ELSE ({_FIRST_POOR}) END"
_PT_PN = f"CASE WHEN k.first_code % 4 IN (1, 2) THEN k.first_code / 4 - 1 ELSE ({_FIRST_PN}) END"
_ESC_P = f"COALESCE(({_PT_POOR}) < ({_LAST_NOT_POOR}), 0)"
_ESC_PN = f"COALESCE(({_PT_PN}) < ({_LAST_ABOVE}), 0)"
_NEVER_PN = f"({_PT_PN}) IS NULL"


def per_household_sql(by: By, *, commune_filter: bool) -> str:
    """A ``WITH`` clause ending in the CTE ``f``: one row per household reviewed in ``Y`` with
    ``ma_xa, ma_ho, unit, cur, has0`` (reviewed in ``Y0``), ``st`` (start state, NULL = none)
    and ``kp`` / ``kn``: how a household poor / near-poor now arrived in that class
    (:data:`STAY`, :data:`FROM_OTHER_CLASS`, :data:`RELAPSED`, :data:`NEW`, :data:`OTHER`;
    NULL when not in that class now). Parameters ``:y``, ``:y0`` (and ``:xa``).

    Shape (for speed): the report year's records joined to the compare year's through the
    unique (ma_xa, ma_ho, nam_ra_soat) index; other years are looked up per household only
    inside the CASE branches that need them (first-seen households, arrivals in a class).
    Households reviewed in ``Y0`` but not in ``Y``: :func:`departed_sql`.
    """
    xa = "AND h.ma_xa = :xa" if commune_filter else ""
    unit = unit_sql(by, "h.ma_xa", "h.thon")
    return f"""
WITH j AS (
    SELECT h.ma_xa, h.ma_ho, {unit} AS unit, c.klass AS cur, c0.klass AS rec0
    FROM households h JOIN classifications c ON c.household_id = h.id
    LEFT JOIN households h0 ON h0.ma_xa = h.ma_xa AND h0.ma_ho = h.ma_ho AND h0.nam_ra_soat = :y0
    LEFT JOIN classifications c0 ON c0.household_id = h0.id
    WHERE h.nam_ra_soat = :y {xa}
),
k AS (
    SELECT ma_xa, ma_ho, unit, cur, rec0,
        CASE WHEN rec0 IS NULL OR (cur IN {PN} AND rec0 NOT IN {PN})
            THEN ({_FIRST_CODE.replace("k.", "j.")}) END AS first_code
    FROM j
),
s AS (
    SELECT k.ma_xa, k.ma_ho, k.unit, k.cur, k.rec0 IS NOT NULL AS has0, k.first_code,
        CASE
            WHEN k.rec0 IS NOT NULL THEN k.rec0
            WHEN k.first_code / 4 > :y0 THEN
                CASE k.first_code % 4 WHEN 1 THEN 'poor' WHEN 2 THEN 'near_poor'
                    ELSE CASE WHEN NOT EXISTS (
                        SELECT 1 FROM households z WHERE z.ma_xa = k.ma_xa AND z.nam_ra_soat = :y0)
                    THEN 'none' END END
        END AS st
    FROM k
),
f AS (
    SELECT ma_xa, ma_ho, unit, cur, has0, st,
        CASE WHEN cur = 'poor' THEN CASE
            WHEN st = 'poor' THEN {STAY} WHEN st = 'near_poor' THEN {FROM_OTHER_CLASS}
            WHEN {_ESC_P} THEN {RELAPSED} WHEN {_NEVER_PN} THEN {NEW} ELSE {OTHER} END
        END AS kp,
        CASE WHEN cur = 'near_poor' THEN CASE
            WHEN st = 'near_poor' THEN {STAY} WHEN st = 'poor' THEN {FROM_OTHER_CLASS}
            WHEN {_ESC_PN} THEN {RELAPSED} WHEN {_NEVER_PN} THEN {NEW} ELSE {OTHER} END
        END AS kn
    FROM s AS k
)
"""


def movement_sql(by: By, *, commune_filter: bool) -> str:
    """Households reviewed in ``Y`` counted by (unit, cur, has0, st, kp, kn): a few hundred rows."""
    return per_household_sql(by, commune_filter=commune_filter) + (
        "SELECT unit, cur, has0, st, kp, kn, COUNT(*) FROM f GROUP BY 1, 2, 3, 4, 5, 6"
    )


def departed_sql(by: By, *, commune_filter: bool) -> str:
    """Households reviewed in ``Y0`` but not in ``Y``, counted by (unit in ``Y0``, class)."""
    xa = "AND h.ma_xa = :xa" if commune_filter else ""
    return (
        f"SELECT {unit_sql(by, 'h.ma_xa', 'h.thon')} AS unit, c.klass, COUNT(*)"
        " FROM households h JOIN classifications c ON c.household_id = h.id"
        f" WHERE h.nam_ra_soat = :y0 {xa} AND NOT EXISTS ("
        "SELECT 1 FROM households n WHERE n.ma_xa = h.ma_xa AND n.ma_ho = h.ma_ho AND n.nam_ra_soat = :y)"
        " GROUP BY 1, 2"
    )


_ARRIVALS = {
    "poor": {FROM_OTHER_CLASS: "near_poor_to_poor", RELAPSED: "relapsed_poor", NEW: "new_poor",
             OTHER: "poor_other_increase"},
    "near_poor": {RELAPSED: "relapsed_near_poor", NEW: "new_near_poor", OTHER: "near_poor_other_increase"},
}  # fmt: skip
_ABOVE = ("average", "not_poor")


def fold(present: Iterable[tuple[Any, ...]], departed: Iterable[tuple[Any, ...]]) -> dict[str, Counter[str]]:
    """The grouped rows of :func:`movement_sql` and :func:`departed_sql` as counts per unit,
    keyed by :class:`~povdesk.reports.summary.Figures` field names (the column definitions of
    R2/R3 in the module docstring, applied once per group, not per household)."""
    out: dict[str, Counter[str]] = {}
    for unit, cur, has0, st, kp, kn, n in present:
        c = out.setdefault(unit, Counter())
        c["households"] += n
        c[cur] += n
        if st is not None:
            c["households_prev"] += n
            c["reviewed_prev"] += n if has0 else 0
            if st in ("poor", "near_poor"):
                c[f"{st}_prev"] += n
        if st == "poor" and cur == "near_poor":
            c["escaped_poor_to_near_poor"] += n
        elif st == "poor" and cur in _ABOVE:
            c["escaped_poor_above"] += n
        elif st == "near_poor" and cur in _ABOVE:
            c["escaped_near_poor"] += n
        arrival = _ARRIVALS.get(cur, {}).get(kp if cur == "poor" else kn)
        if arrival:
            c[arrival] += n
    for unit, klass, n in departed:
        c = out.setdefault(unit, Counter())
        c["households_prev"] += n
        c["reviewed_prev"] += n
        if klass in ("poor", "near_poor"):
            c[f"{klass}_prev"] += n
            c[f"{klass}_other_decrease"] += n
    return out


def household_kind_sql(*, commune_filter: bool) -> str:
    """Per household reviewed in ``Y``: its key, class and how it arrived there (R14/R15)."""
    return per_household_sql("xa", commune_filter=commune_filter) + (
        "SELECT ma_xa, ma_ho, cur, COALESCE(kp, kn) AS kind FROM f"
    )


_KIND_LABELS = {
    "poor": {STAY: "cũ", FROM_OTHER_CLASS: "cận nghèo → nghèo", RELAPSED: "tái nghèo", NEW: "mới", OTHER: "tăng khác"},
    "near_poor": {STAY: "cũ", FROM_OTHER_CLASS: "nghèo → cận nghèo", RELAPSED: "tái cận nghèo", NEW: "mới",
                  OTHER: "tăng khác"},
}  # fmt: skip


def kind_label(cur: str, kind: int) -> str:
    """The "loại hộ" of a poor or near-poor household in the household lists."""
    return _KIND_LABELS[cur][kind]


def params(year: int, compare: int, ma_xa: str | None) -> dict[str, Any]:
    p: dict[str, Any] = {"y": year, "y0": compare}
    if ma_xa is not None:
        p["xa"] = ma_xa
    return p
