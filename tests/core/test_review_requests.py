"""Ongoing review (Mẫu 01 / Mẫu 04 requests), request ages, working days, settings."""

from __future__ import annotations

import datetime as dt

import pytest
from review_support import XA, YEAR, act_as, at_stage, home

from povdesk.errors import InputRefused, PermissionDenied, ValidationError
from povdesk.meetings import Meeting
from povdesk.ongoing import Request
from povdesk.reviews import Kind, Stage
from povdesk.users import Role
from povdesk.workdays import is_working_day, period_end, working_days_between
from povdesk.workspace import Workspace

D = dt.date


OCT_1 = D(2025, 10, 1)


def _req(form: str = "01", code: str = "N001", on: D = OCT_1, **kw: object) -> Request:
    return Request(form, XA, code, "Thôn 1", "Phạm Thị G", on, **kw)  # type: ignore[arg-type]


def test_request_validation_and_permission(ws: Workspace) -> None:
    """Bad forms are refused with every problem; only officers register requests."""
    bad = Request("02", "123", "", "Thôn 1", " ", D.today() + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as e:
        ws.requests.add(bad)
    assert {p.field for p in e.value.errors} == {"form", "ma_xa", "ma_ho", "applicant", "received_on"}
    act_as(ws, Role.ENUMERATOR)
    with pytest.raises(PermissionDenied):
        ws.requests.add(_req())


def test_new_poor_household_ongoing_review(ws: Workspace) -> None:
    """Mẫu 01 for a new household: listed → surveyed → submitted → accepted → recognised; no meeting."""
    rid = ws.requests.add(_req(reason="Chồng mất, mất nguồn thu nhập"))
    assert ws.requests.waiting(ma_xa=XA)[0]["id"] == rid
    review = ws.requests.start(rid, assign_to="rsv1")
    rev = ws.reviews.get(review)
    assert (rev.kind, rev.stage, rev.request_id, rev.assigned_to) == (Kind.ONGOING, Stage.LISTED, rid, "rsv1")
    act_as(ws, Role.ENUMERATOR, "rsv1")
    ws.households.save(home("N001"))
    ws.reviews.submit([review])
    act_as(ws, Role.OFFICER)
    ws.reviews.apply("accept", [review])
    with pytest.raises(ValidationError, match="thường xuyên không có bước"):
        ws.meetings.record(Meeting(XA, "Thôn 1", YEAR, D(2025, 10, 5), "Nhà văn hóa", "Trưởng thôn", 10),
                           review_ids=[review])  # fmt: skip
    act_as(ws, Role.CHAIRMAN)
    ws.reviews.recognise([review], "31/QĐ-UBND", D(2025, 10, 9))
    row = ws.requests.get(rid)
    assert (row["status"], row["decision_no"], row["age_days"], row["age_working_days"]) == (
        "recognised", "31/QĐ-UBND", 8, 6)  # fmt: skip
    act_as(ws, Role.OFFICER)
    with pytest.raises(ValidationError, match="đã được xử lý"):
        ws.requests.start(rid)


def test_request_list_shows_waiting_and_ages(ws: Workspace) -> None:
    """Open requests show their age in days and working days on a given date; rejected ones stop ageing."""
    a = ws.requests.add(_req(code="N001", on=D(2025, 10, 1)))
    b = ws.requests.add(_req(code="N002", on=D(2025, 10, 3)))
    c = ws.requests.add(_req(code="N003", on=D(2025, 9, 1)))
    review = ws.requests.start(c)
    ws.households.save(home("N003"))
    ws.reviews.submit([review])
    ws.reviews.apply("reject", [review], comment="Thu nhập trên chuẩn")
    rows = {r["id"]: r for r in ws.requests.query(ma_xa=XA, on=D(2025, 10, 8))}
    assert (rows[a]["status"], rows[a]["age_days"], rows[a]["age_working_days"]) == ("waiting", 7, 5)
    assert (rows[b]["age_days"], rows[b]["age_working_days"]) == (5, 3)
    assert rows[c]["status"] == "rejected"
    open_ids = [r["id"] for r in ws.requests.query(open_only=True, on=D(2025, 10, 8))]
    assert open_ids == [a, b]


def test_exit_request_for_a_recognised_household(ws: Workspace) -> None:
    """Mẫu 04 for a household recognised this year opens a new ongoing record; the old stays recognised."""
    old = at_stage(ws, "H001", Stage.RECOGNISED)
    rid = ws.requests.add(_req("04", "H001", D(2025, 12, 5)))
    new = ws.requests.start(rid)
    assert ws.reviews.get(old).current is False and ws.reviews.get(old).stage is Stage.RECOGNISED
    cur = ws.reviews.get(new)
    assert (cur.kind, cur.stage, cur.previous_id) == (Kind.ONGOING, Stage.LISTED, old)
    ws.households.save(home("H001", klass="not_poor"))
    assert ws.reviews.get(new).stage is Stage.DRAFT


def test_request_for_household_already_under_review(ws: Workspace) -> None:
    """A request for a household already in this year's periodic review is handled by that record."""
    rev = at_stage(ws, "H001", Stage.DRAFT)
    rid = ws.requests.add(_req("04", "H001"))
    assert ws.requests.start(rid) == rev
    assert ws.requests.get(rid)["status"] == "in_review"


def test_request_copies_last_years_answers(ws: Workspace) -> None:
    ws.households.save(home("H009", YEAR - 1, klass="near_poor", thu_nhap_bq=1_234_000))
    review = ws.requests.start(ws.requests.add(_req("01", "H009", D(2025, 3, 2))))
    h = ws.households.get(ws.households.require(XA, "H009", YEAR))
    assert (h.thu_nhap_bq, h.phan_loai_truoc) == (1_234_000, "cận nghèo")
    assert ws.reviews.get(review).stage is Stage.LISTED


# --- working days and settings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [(D(2025, 10, 6), 3, D(2025, 10, 8)),  # Mon → Wed
     (D(2025, 10, 3), 3, D(2025, 10, 7)),  # Fri → Tue
     (D(2025, 10, 4), 3, D(2025, 10, 8)),  # Sat: starts counting Monday
     (D(2025, 4, 29), 3, D(2025, 5, 5)),  # Tue 29/4; 30/4 and 1/5 holidays; Fri 2/5; Mon 5/5
     (D(2025, 12, 31), 1, D(2025, 12, 31))],
)  # fmt: skip
def test_period_end(start: D, days: int, end: D) -> None:
    assert period_end(start, days) == end


def test_working_days_between_and_extra_holidays() -> None:
    assert working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 5
    assert working_days_between(D(2025, 10, 8), D(2025, 10, 1)) == 0
    tet = {D(2026, 2, 16), D(2026, 2, 17)}
    assert not is_working_day(D(2026, 2, 16), tet) and is_working_day(D(2026, 2, 16))
    assert not is_working_day(D(2025, 9, 2))


def test_settings_defaults_and_audit(ws: Workspace) -> None:
    """Unknown keys and bad values are refused; a change is audited old → new."""
    assert ws.settings.get("posting.working_days") == "3"
    with pytest.raises(InputRefused):
        ws.settings.get("khong.co")
    with pytest.raises(InputRefused):
        ws.settings.set("holidays", "31/02/2025")
    ws.settings.set("consultation.2025", "có")
    assert ws.settings.consultation(2025)
    last = ws.audit.entries(entity="setting")[-1]
    assert (last["entity_id"], last["old"], last["new"]) == ("consultation.2025", "0", "1")
