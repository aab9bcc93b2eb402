"""The quality report and the pair list as plain data, read from the cache of the last check.

:func:`build_report` gives, per commune and per village, how many households have an open
issue of each check and which ones (ids and codes, to link to the households); :func:`pairs`
gives the duplicate pairs with both sides' identifying fields, for a side-by-side review.
Everything here is frozen dataclasses with a ``to_json()``; no Qt, no printing.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from povdesk.quality.checks import CHECK_LABELS, CHECKS, Issue
from povdesk.quality.duplicates import ScanStats
from povdesk.quality.facts import Scope
from povdesk.records import birth_from_text
from povdesk.text import collation_key


@dataclass(frozen=True)
class HouseholdLink:
    id: int
    ma_xa: str
    ma_ho: str


@dataclass(frozen=True)
class UnitReport:
    """One commune (``thon`` None) or one village of it.

    ``counts``: households with an open (not accepted) issue, per check code;
    ``households``: those households per check code, in household-code order.
    """

    ma_xa: str
    ten_xa: str
    thon: str | None
    total: int
    with_issues: int
    accepted: int
    counts: dict[str, int]
    households: dict[str, list[HouseholdLink]]


@dataclass(frozen=True)
class Side:
    """One side of a pair: the household and, for a person pair, the member."""

    household_id: int
    ma_xa: str
    ma_ho: str
    nam_ra_soat: int
    thon: str
    chu_ho: str
    dia_chi: str | None
    stt: int | None = None
    ho_ten: str | None = None
    quan_he: str | None = None
    gioi_tinh: str | None = None
    ngay_sinh: str | None = None
    so_dinh_danh: str | None = None


@dataclass(frozen=True)
class MemberMatch:
    stt_a: int
    stt_b: int
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PairSummary:
    """A candidate duplicate: ``kind`` "person" or "household", score 0–100 with reasons.

    ``decision`` is None (to review) or "same" (confirmed, not yet merged); pairs marked
    "different" are not listed. ``members`` lists member matches of a household pair.
    """

    id: str
    kind: str
    score: int
    reasons: tuple[str, ...]
    a: Side
    b: Side
    members: tuple[MemberMatch, ...] = ()
    decision: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class QualityReport:
    """Result of a check (or of reading the last one): totals, units, pairs, scan figures."""

    year: int | None
    ma_xa: str | None
    total: int
    with_issues: int
    accepted: int
    counts: dict[str, int]
    units: tuple[UnitReport, ...]
    pairs: tuple[PairSummary, ...]
    stats: ScanStats | None = None
    labels: dict[str, str] = field(default_factory=lambda: dict(CHECK_LABELS))

    @property
    def households(self) -> int:
        return self.total

    @property
    def households_with_issues(self) -> int:
        return self.with_issues

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["pairs"] = [p.to_json() for p in self.pairs]
        return out


def _unit_order(ma_xa: str, thon: str | None) -> tuple[Any, ...]:
    """Commune code, the commune total first, then villages in Vietnamese order."""
    return (ma_xa, thon is not None, collation_key(thon or ""))


def _units(rows: list[tuple[Any, ...]], issues: dict[int, list[tuple[str, int]]]) -> tuple[UnitReport, ...]:
    """Aggregate households (id, ma_xa, ten_xa, thon, ma_ho) per commune and per village."""
    groups: dict[tuple[str, str | None], list[tuple[Any, ...]]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in rows:
        hid, ma_xa, ten_xa, thon, _ = row
        names[ma_xa] = ten_xa
        groups[(ma_xa, None)].append(row)
        groups[(ma_xa, thon)].append(row)
    order = [c.code for c in CHECKS]
    units = []
    for (ma_xa, thon), members in sorted(groups.items(), key=lambda kv: _unit_order(*kv[0])):
        by_check: dict[str, list[HouseholdLink]] = defaultdict(list)
        with_issues = accepted = 0
        for hid, code, _, _, ma_ho in members:
            open_checks = sorted({c for c, acc in issues.get(hid, ()) if not acc}, key=order.index)
            with_issues += bool(open_checks)
            accepted += any(acc for _, acc in issues.get(hid, ()))
            for c in open_checks:
                by_check[c].append(HouseholdLink(hid, code, ma_ho))
        counts = {c: len(by_check[c]) for c in order if by_check.get(c)}
        households = {c: by_check[c] for c in order if by_check.get(c)}
        units.append(
            UnitReport(ma_xa, names[ma_xa], thon, len(members), with_issues, accepted, counts, households)
        )
    return tuple(units)


def build_report(conn: sqlite3.Connection, scope: Scope, stats: ScanStats | None = None) -> QualityReport:
    """The report of the households in ``scope`` from the cached issues and pairs."""
    where, args = scope.where()
    rows = conn.execute(
        "SELECT h.id, h.ma_xa, coalesce(c.name, h.ten_xa, ''), h.thon, h.ma_ho FROM households h"
        f" LEFT JOIN communes c ON c.code = h.ma_xa WHERE {where} ORDER BY h.ma_xa, h.thon, h.ma_ho",
        args,
    ).fetchall()
    issues: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for hid, check, acc in conn.execute(
        "SELECT qi.household_id, qi.check_code, qi.accepted FROM quality_issues qi"
        f" JOIN households h ON h.id = qi.household_id WHERE {where}",
        args,
    ):
        issues[hid].append((check, acc))
    units = _units(rows, issues)
    communes = [u for u in units if u.thon is None]
    counts: dict[str, int] = defaultdict(int)
    for u in communes:
        for c, n in u.counts.items():
            counts[c] += n
    order = [c.code for c in CHECKS]
    return QualityReport(
        scope.year,
        scope.ma_xa,
        sum(u.total for u in communes),
        sum(u.with_issues for u in communes),
        sum(u.accepted for u in communes),
        {c: counts[c] for c in order if counts.get(c)},
        units,
        tuple(pairs(conn, scope)),
        stats,
    )


_SIDE_SQL = (
    "SELECT h.id, h.ma_xa, h.ma_ho, h.nam_ra_soat, h.thon, h.chu_ho, h.dia_chi,"
    " m.stt, m.ho_ten, m.quan_he, m.gioi_tinh, m.ngay_sinh, m.so_dinh_danh"
    " FROM households h LEFT JOIN members m ON m.household_id = h.id AND m.stt = ? WHERE h.id = ?"
)


def _side(conn: sqlite3.Connection, hid: int, stt: int | None) -> Side:
    row = conn.execute(_SIDE_SQL, (stt, hid)).fetchone()
    values = list(row)
    if values[11]:
        values[11] = str(birth_from_text(values[11]))
    return Side(*values)


def pairs(conn: sqlite3.Connection, scope: Scope, *, pair_id: str | None = None) -> list[PairSummary]:
    """Cached pairs touching the households of ``scope`` (or the one pair ``pair_id``), best first."""
    where, args = scope.where()
    sql = (
        "SELECT p.id, p.kind, p.score, p.reasons, p.household_a, p.stt_a, p.household_b, p.stt_b,"
        " p.members, d.decision FROM quality_pairs p"
        " LEFT JOIN quality_decisions d ON d.pair_id = p.id"
    )
    if pair_id is not None:
        rows = conn.execute(sql + " WHERE p.id = ?", (pair_id,)).fetchall()
    else:
        # IN (subquery) is built once; a correlated EXISTS would scan the year per pair.
        focus = f"(SELECT h.id FROM households h WHERE {where})"
        rows = conn.execute(
            sql + f" WHERE p.household_a IN {focus} OR p.household_b IN {focus}"
            " ORDER BY p.score DESC, p.household_a, p.stt_a, p.household_b, p.stt_b",
            [*args, *args],
        ).fetchall()
    out = []
    for pid, kind, score, reasons, ha, sa, hb, sb, members, dec in rows:
        matches = tuple(MemberMatch(x, y, s, tuple(r)) for x, y, s, r in json.loads(members))
        out.append(
            PairSummary(
                pid,
                kind,
                score,
                tuple(json.loads(reasons)),
                _side(conn, ha, sa),
                _side(conn, hb, sb),
                matches,
                dec,
            )
        )
    return out


def _stts(members: str) -> tuple[int, ...]:
    return tuple(int(s) for s in members.split(",") if s)


def cached_issues(conn: sqlite3.Connection, household_id: int) -> list[Issue]:
    """The cached issues of one household, duplicates first, with acceptance reasons."""
    rows = conn.execute(
        "SELECT qi.household_id, qi.check_code, qi.message, qi.members, qi.subject, qi.pair_id,"
        " qi.other_household_id, qi.score, qi.accepted, qa.reason FROM quality_issues qi"
        " JOIN households h ON h.id = qi.household_id"
        " LEFT JOIN quality_accepted qa ON qa.ma_xa = h.ma_xa AND qa.ma_ho = h.ma_ho"
        " AND qa.nam_ra_soat = h.nam_ra_soat AND qa.check_code = qi.check_code AND qa.subject = qi.subject"
        " WHERE qi.household_id = ? ORDER BY qi.id",
        (household_id,),
    ).fetchall()
    order = {c.code: n for n, c in enumerate(CHECKS)}
    issues = [
        Issue(hid, check, msg, _stts(members), subject, pid, other, score, bool(acc), reason)
        for hid, check, msg, members, subject, pid, other, score, acc, reason in rows
    ]
    return sorted(issues, key=lambda i: order.get(i.check, len(order)))


@dataclass(frozen=True)
class ScopedIssue:
    """An issue with its household's key, for lists across households; ``key`` names it for
    ``povdesk check accept`` (``ma_xa/ma_ho/year:check[:stt,…]``)."""

    ma_xa: str
    ma_ho: str
    nam_ra_soat: int
    thon: str
    issue: Issue

    @property
    def key(self) -> str:
        return issue_key(self.ma_xa, self.ma_ho, self.nam_ra_soat, self.issue.check, self.issue.members)


def issue_key(ma_xa: str, ma_ho: str, year: int, check: str, members: tuple[int, ...] = ()) -> str:
    base = f"{ma_xa}/{ma_ho}/{year}:{check}"
    return f"{base}:{','.join(map(str, members))}" if members else base


def parse_issue_key(key: str) -> tuple[str, str, int, str, tuple[int, ...]]:
    """(ma_xa, ma_ho, year, check, members) from :func:`issue_key` text; ValueError if malformed."""
    head, sep, rest = key.rpartition("/")
    year_text, _, tail = rest.partition(":")
    ma_xa, _, ma_ho = head.partition("/")
    check, _, members = tail.partition(":")
    if not (sep and ma_xa and ma_ho and year_text.isdigit() and check):
        raise ValueError(f"Mã cảnh báo không hợp lệ: '{key}' (dạng ma_xa/ma_ho/năm:loại[:stt,...])")
    try:
        stts = tuple(int(s) for s in members.split(",") if s)
    except ValueError:
        raise ValueError(f"Số thứ tự thành viên không hợp lệ trong '{key}'") from None
    return ma_xa, ma_ho, int(year_text), check, stts


def issue_list(conn: sqlite3.Connection, scope: Scope, *, include_accepted: bool = True) -> list[ScopedIssue]:
    """Every cached issue of the households in ``scope``, by commune, village and household."""
    where, args = scope.where()
    rows = conn.execute(
        "SELECT h.ma_xa, h.ma_ho, h.nam_ra_soat, h.thon, qi.household_id, qi.check_code, qi.message, qi.members,"
        " qi.subject, qi.pair_id, qi.other_household_id, qi.score, qi.accepted, qa.reason"
        " FROM quality_issues qi JOIN households h ON h.id = qi.household_id"
        " LEFT JOIN quality_accepted qa ON qa.ma_xa = h.ma_xa AND qa.ma_ho = h.ma_ho"
        " AND qa.nam_ra_soat = h.nam_ra_soat AND qa.check_code = qi.check_code AND qa.subject = qi.subject"
        f" WHERE {where} ORDER BY h.ma_xa, h.nam_ra_soat, h.thon, h.ma_ho, qi.id",
        args,
    ).fetchall()
    out = []
    for ma_xa, ma_ho, year, thon, hid, check, msg, members, subject, pid, other, score, acc, reason in rows:
        if acc and not include_accepted:
            continue
        issue = Issue(hid, check, msg, _stts(members), subject, pid, other, score, bool(acc), reason)
        out.append(ScopedIssue(ma_xa, ma_ho, year, thon, issue))
    return out
