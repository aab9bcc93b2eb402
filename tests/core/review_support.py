"""Test support for the review workflow: households, accounts, records forced to a stage.

``fast_kdf`` lowers the scrypt cost for tests that create many accounts or log in often (each
production hash costs ≈0.1 s); ``test_users.py`` checks the production parameters themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from builders import BASELINE, deprived_in, hh

import povdesk.users
from povdesk.domain import Household
from povdesk.reviews import Kind, ReviewId, Stage, today
from povdesk.users import Actor, Role
from povdesk.workspace import Workspace

XA = "00001"
YEAR = 2025
PW = "mat-khau-an-toan"
NAMES = {Role.ADMIN: "quantri", Role.OFFICER: "canbo", Role.CHAIRMAN: "chutich", Role.ENUMERATOR: "rsv1"}


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(povdesk.users, "SCRYPT_N", 2**8)
    yield


def home(code: str, year: int = YEAR, *, klass: str = "poor", members: int = 4, **fields: Any) -> Household:
    """A household of ``members`` working adults classified ``klass`` (poor / near_poor / not_poor)."""
    extra = deprived_in("4.1", "5.1", "5.2") if klass == "poor" else {}
    income = 5_000_000 if klass == "not_poor" else 1_000_000
    values = {"thu_nhap_bq": income, "ma_xa": XA, "ma_ho": code, **extra, **fields}
    return hh(roster=BASELINE[:members], year=year, **values)


def act_as(ws: Workspace, role: Role, name: str | None = None) -> None:
    """Act as ``role`` without a password (login itself is tested in test_users.py)."""
    ws.users._current = Actor(name or NAMES[role], role)
    ws.user = name or NAMES[role]


def accounts(ws: Workspace) -> None:
    """The first administrator plus an officer, a chairman and two enumerators (password PW)."""
    ws.users.add(NAMES[Role.ADMIN], Role.ADMIN, PW)
    for name, role in (("canbo", Role.OFFICER), ("chutich", Role.CHAIRMAN), ("rsv1", Role.ENUMERATOR),
                       ("rsv2", Role.ENUMERATOR)):  # fmt: skip
        ws.users.add(name, role, PW)


def at_stage(
    ws: Workspace,
    code: str,
    stage: Stage,
    *,
    kind: Kind = Kind.PERIODIC,
    year: int = YEAR,
    assigned: str | None = "rsv1",
    posting_ended: bool = True,
) -> ReviewId:
    """A saved household with a current review record forced to ``stage`` (test shortcut).

    Posted-and-later stages get a posting that ended (or, with ``posting_ended=False``, that
    is still running) relative to today.
    """
    actor, user = ws.users._current, ws.user
    act_as(ws, Role.ADMIN)
    ws.households.save(home(code, year))
    with ws.operation("test", code):
        rid = ws.reviews.create((XA, code, year), kind, source="manual", thon="Thôn 1", assigned_to=assigned)
    posting = None
    if stage in (Stage.POSTED, Stage.COMPLAINT, Stage.CONSULTED, Stage.RECOGNISED):
        start = today() - dt.timedelta(days=20 if posting_ended else 0)
        end = start + dt.timedelta(days=2 if posting_ended else 30)
        cur = ws.conn.execute(
            "INSERT INTO postings (ma_xa, nam_ra_soat, start_on, end_on, working_days, created_by, created_at)"
            " VALUES (?,?,?,?,3,'test','t')",
            (XA, year, start.isoformat(), end.isoformat()),
        )
        posting = cur.lastrowid
    decision = ("1/QĐ-UBND", "2025-12-01") if stage is Stage.RECOGNISED else (None, None)
    ws.conn.execute(
        "UPDATE reviews SET stage=?, posting_id=?, decision_no=?, decision_date=? WHERE id=?",
        (stage.value, posting, *decision, rid),
    )
    ws.users._current, ws.user = actor, user
    return rid
