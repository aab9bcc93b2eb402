"""The one place where documents take what the review workflow decided.

Decision numbers and dates (``reviews.decision_no/decision_date``, set by ``review recognise``),
village meetings and postings (:mod:`povdesk.meetings`) and the households' own requests
(``review_requests``, Mẫu 01/04) come from the workflow's records. Explicit inputs (CLI options,
the print dialog) win over the records; what neither gives prints as a blank to fill by hand.
Everything here only reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from povdesk.documents.register import Register, subject_key
from povdesk.documents.viewmodels import MeetingInfo

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

_NUMBER_RE = re.compile(r"\s*(?:Số:?\s*)?(\d{1,6})\s*/\s*(\S+)\s*$")


@dataclass(frozen=True)
class DecisionRef:
    """The recognition decision (Mẫu 02) of a commune and review year, as cited elsewhere."""

    number: int
    symbol: str
    date: dt.date


def _recorded_decision(ws: Workspace, commune: str, review_year: int) -> DecisionRef | None:
    """The decision number and date the workflow recorded when recognising the commune's
    records of the year — only when all recognised records name the same decision."""
    rows = ws.conn.execute(
        "SELECT DISTINCT decision_no, decision_date FROM reviews WHERE ma_xa=? AND nam_ra_soat=? AND current=1"
        " AND kind='periodic' AND stage='recognised' AND decision_no IS NOT NULL AND decision_date IS NOT NULL",
        (commune, review_year),
    ).fetchall()
    if len(rows) != 1:
        return None
    m = _NUMBER_RE.fullmatch(rows[0][0] or "")
    if m is None:
        return None
    return DecisionRef(int(m.group(1)), m.group(2).upper(), dt.date.fromisoformat(rows[0][1]))


def recognition_decision(ws: Workspace, commune: str, review_year: int) -> DecisionRef | None:
    """The recognition decision: as printed from the register, else as the workflow recorded it."""
    entry = Register(ws).find(subject_key("decision", commune, review_year))
    if entry is not None:
        return DecisionRef(entry.number, entry.series, entry.issued_on)
    return _recorded_decision(ws, commune, review_year)


def decision_number(ws: Workspace, commune: str, review_year: int) -> int | None:
    """The number the workflow already gave the recognition decision (so the register records
    that one), or ``None`` to take the register's next number."""
    ref = _recorded_decision(ws, commune, review_year)
    return ref.number if ref else None


def meeting(ws: Workspace, commune: str, village: str, review_year: int, given: MeetingInfo) -> MeetingInfo:
    """The village meeting: the latest recorded meeting of the village fills what ``given``
    leaves empty (date, place, chair, attendees; time, secretary and households present are
    not recorded by the workflow)."""
    recorded = [m for m in ws.meetings.meetings(commune, review_year) if m.get("thon") == village]
    if not recorded:
        return replace(given)
    m = recorded[-1]
    return replace(
        given,
        date=given.date or dt.date.fromisoformat(m["held_on"]),
        place=given.place or m["place"],
        chair=given.chair or m["chair"],
        attendees=given.attendees if given.attendees is not None else m["attendees"],
    )


def posting_period(ws: Workspace, commune: str, village: str, review_year: int,
                   given: tuple[dt.date | None, dt.date | None]) -> tuple[dt.date | None, dt.date | None]:  # fmt: skip
    """Start and end of the public posting: ``given``, else the latest posting of the village
    (or of the whole commune)."""
    if given[0] is not None or given[1] is not None:
        return given
    rows = [p for p in ws.meetings.postings(commune, review_year) if p.get("thon") in (None, "", village)]
    if not rows:
        return given
    p = rows[-1]
    return dt.date.fromisoformat(p["start_on"]), dt.date.fromisoformat(p["end_on"])


def escape_request(ws: Workspace, commune: str, ma_ho: str, review_year: int) -> dt.date | None:
    """Date the household filed its own request to be recognised as escaped (Mẫu 04), if any."""
    row = ws.conn.execute(
        "SELECT max(received_on) FROM review_requests WHERE form='04' AND ma_xa=? AND ma_ho=? AND nam_ra_soat=?",
        (commune, ma_ho, review_year),
    ).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None
