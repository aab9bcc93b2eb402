"""The periodic review in the core: year start, diff and flags, comments, queue, meeting, posting,
complaints, recognition and locking, reopening, timeline."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from review_support import XA, YEAR, act_as, at_stage, home

from povdesk.domain import Household
from povdesk.errors import InputRefused, PermissionDenied, ValidationError
from povdesk.meetings import Meeting, Outcome
from povdesk.ongoing import Request
from povdesk.reviews import QUEUE_PRESETS, Kind, QueueFilter, Stage
from povdesk.users import Role
from povdesk.workspace import Workspace
from povdesk.yearstart import start_year, year_diff

TODAY = dt.date.today()


@pytest.fixture
def listed(ws: Workspace) -> Workspace:
    """Last year: H001, H002 poor, H003 near-poor, H004 not poor (Thôn 1); H005 poor (Thôn 2)."""
    for code, klass, thon in (("H001", "poor", "Thôn 1"), ("H002", "poor", "Thôn 1"),
                              ("H003", "near_poor", "Thôn 1"), ("H004", "not_poor", "Thôn 1"),
                              ("H005", "poor", "Thôn 2")):  # fmt: skip
        ws.households.save(home(code, YEAR - 1, klass=klass, thon=thon))
    start_year(ws, XA, YEAR, on=dt.date(YEAR, 9, 15))
    return ws


def _ids(ws: Workspace, *codes: str) -> list[int]:
    return [ws.reviews.require(XA, c, YEAR).id for c in codes]


def _copied(ws: Workspace, code: str, **fields: object) -> Household:
    """This year's answers (copied from last year by start_year) with ``fields`` changed."""
    return replace(ws.households.get(ws.households.require(XA, code, YEAR)), **fields)  # type: ignore[arg-type]


def _walk_to_accepted(ws: Workspace, *codes: str) -> list[int]:
    ids = _ids(ws, *codes)
    for code in codes:
        ws.households.save(
            home(code, klass="poor", thon=ws.households.get(ws.households.require(XA, code, YEAR)).thon)
        )
    ws.reviews.submit(ids)
    ws.reviews.apply("accept", ids)
    return ids


def _meeting(thon: str = "Thôn 1", on: dt.date = TODAY) -> Meeting:
    return Meeting(XA, thon, YEAR, on, "Nhà văn hóa thôn", "Trưởng thôn", 42, "Thống nhất danh sách")


# --- step 1: the list ------------------------------------------------------------------------


def test_start_year_lists_last_years_poor_and_near_poor(listed: Workspace) -> None:
    """The list = last year's poor and near-poor, each copied forward as `listed` with last year's class."""
    rows = listed.reviews.queue(QueueFilter(year=YEAR, ma_xa=XA))
    assert [(r["ma_ho"], r["stage"], r["source"]) for r in rows] == [
        ("H001", "listed", "poor"), ("H002", "listed", "poor"), ("H003", "listed", "near_poor"),
        ("H005", "listed", "poor"),
    ]  # fmt: skip
    h = listed.households.get(listed.households.require(XA, "H003", YEAR))
    assert h.phan_loai_truoc == "cận nghèo" and h.ngay_ra_soat == dt.date(YEAR, 9, 15)
    assert listed.households.find(XA, "H004", YEAR) is None


def test_start_year_twice_adds_nothing_and_takes_requests(listed: Workspace) -> None:
    """A second run lists only new requests; H004's Mẫu 01 request joins the list, linked."""
    rid = listed.requests.add(Request("01", XA, "H004", "Thôn 1", "Nguyễn Văn D", dt.date(YEAR, 9, 20)))
    rep = start_year(listed, XA, YEAR)
    assert (len(rep.listed), rep.from_requests, rep.already, rep.copied) == (1, 1, 4, 1)
    rev = listed.reviews.require(XA, "H004", YEAR)
    assert rev.source == "request" and listed.requests.get(rid)["review_id"] == rev.id
    again = listed.reviews.start_year(XA, YEAR)
    assert (len(again.listed), again.already) == (0, 4)  # H004 is in by its (now handled) request


def test_start_year_permission(listed: Workspace) -> None:
    act_as(listed, Role.ENUMERATOR)
    with pytest.raises(PermissionDenied):
        start_year(listed, XA, YEAR + 1)


def test_year_diff_and_implausible_jumps(listed: Workspace) -> None:
    """Changed fields are listed; tripled income and half the members gone are flagged in core and queue."""
    listed.households.save(_copied(listed, "H001", thu_nhap_bq=3_000_000))
    h2 = _copied(listed, "H002", dien_tich_nha=80.0)
    listed.households.save(replace(h2, members=h2.members[:2]))
    d1, d2 = year_diff(listed, XA, "H001", YEAR), listed.reviews.year_diff(XA, "H002", YEAR)
    assert [(c.field, c.old, c.new) for c in d1.changes] == [("thu_nhap_bq", 1_000_000, 3_000_000)]
    assert d1.flags == ("income_jump",) and "1.000.000 → 3.000.000" in d1.messages[0]
    assert d2.flags == ("members_gone",)
    assert {(c.member, c.field) for c in d2.changes} == {(None, "dien_tich_nha"), (3, "*"), (4, "*")}
    flagged = listed.reviews.queue(listed.reviews.preset("invalid", year=YEAR))
    assert {(r["ma_ho"], tuple(r["flags"])) for r in flagged} == {("H001", ("income_jump",)),
                                                                 ("H002", ("members_gone",))}  # fmt: skip


# --- step 2: survey, review loop -------------------------------------------------------------


def test_return_loop_with_field_comments(listed: Workspace) -> None:
    """Return needs a comment; per-field comments show in the enumerator's list until resubmitted."""
    rid = _ids(listed, "H001")[0]
    listed.reviews.assign([rid], "rsv1")
    act_as(listed, Role.ENUMERATOR, "rsv1")
    listed.households.save(home("H001"))
    listed.reviews.submit([rid])
    act_as(listed, Role.OFFICER)
    listed.reviews.apply("return", [rid], comment="Xem lại thu nhập")
    listed.reviews.comment(rid, "Thu nhập có tính lương hưu?", field="thu_nhap_bq")
    listed.reviews.comment(rid, "Ngày sinh?", field="ngay_sinh", member=2)
    with pytest.raises(ValidationError):
        listed.reviews.comment(rid, "?", field="khong_co_truong")
    todo = listed.reviews.queue(QueueFilter(assigned_to="rsv1", commented=True))
    assert [(r["ma_ho"], r["stage"], r["open_comments"]) for r in todo] == [("H001", "returned", 2)]
    act_as(listed, Role.ENUMERATOR, "rsv1")
    listed.households.save(home("H001", thu_nhap_bq=1_100_000))
    assert listed.reviews.submit([rid]).action == "resubmit"
    assert {c["status"] for c in listed.reviews.comments(rid)} == {"addressed"}
    assert listed.reviews.queue(QueueFilter(commented=True)) == []


def test_enumerator_cannot_comment_on_others(listed: Workspace) -> None:
    rid = _ids(listed, "H001")[0]
    listed.reviews.assign([rid], "rsv2")
    act_as(listed, Role.ENUMERATOR, "rsv1")
    with pytest.raises(PermissionDenied):
        listed.reviews.comment(rid, "xin hỏi")


def test_batch_is_all_or_nothing(listed: Workspace) -> None:
    """Accepting three where one is not submitted refuses all three and names the one."""
    ids = _ids(listed, "H001", "H002", "H003")
    for code in ("H001", "H002"):
        listed.households.save(home(code))
    listed.reviews.submit(ids[:2])
    with pytest.raises(ValidationError) as e:
        listed.reviews.apply("accept", ids)
    assert [p.value for p in e.value.errors] == ["H003"]
    assert [listed.reviews.get(i).stage for i in ids] == [Stage.SUBMITTED, Stage.SUBMITTED, Stage.LISTED]


def test_submit_needs_the_answers(ws: Workspace) -> None:
    """A record listed from a request with no answers on file cannot be submitted or accepted."""
    rid = ws.requests.add(Request("01", XA, "N001", "Thôn 1", "Lê Văn E", TODAY))
    review = ws.requests.start(rid)
    with ws.operation("test", "x"):
        ws.conn.execute("UPDATE reviews SET stage='draft' WHERE id=?", (review,))
    with pytest.raises(ValidationError, match="chưa có phiếu"):
        ws.reviews.submit([review])


# --- steps 2–3: meeting, posting, complaints -------------------------------------------------


def test_village_meeting_records_outcomes(listed: Workspace) -> None:
    """A meeting covers the village's accepted records; a dispute needs a note; votes are kept."""
    h1, h2, h3 = _walk_to_accepted(listed, "H001", "H002", "H003")
    (h5,) = _walk_to_accepted(listed, "H005")
    with pytest.raises(ValidationError, match="lý do"):
        listed.meetings.record(_meeting(), outcomes={h2: Outcome(agreed=False)})
    res = listed.meetings.record(_meeting(), outcomes={h2: Outcome(False, 10, 25, "Hộ có xe tải"),
                                                      h1: Outcome(True, 40, 2)})  # fmt: skip
    assert set(res.agreed) == {h1, h3} and res.disputed == (h2,)
    assert [listed.reviews.get(i).stage for i in (h1, h2, h3, h5)] == [
        Stage.AGREED, Stage.DISPUTED, Stage.AGREED, Stage.ACCEPTED]  # fmt: skip
    m = listed.meetings.get(res.meeting_id)
    assert (m["attendees"], m["chair"]) == (42, "Trưởng thôn")
    assert {(o["ma_ho"], o["outcome"], o["votes_for"]) for o in m["outcomes"]} == {
        ("H001", "agreed", 40), ("H002", "disputed", 10), ("H003", "agreed", None)}  # fmt: skip
    with pytest.raises(ValidationError, match="không thuộc"):
        listed.meetings.record(_meeting(), review_ids=[h5])
    listed.reviews.apply("settle", [h2], comment="Phúc tra: xe tải đã bán")
    assert listed.reviews.get(h2).stage is Stage.AGREED


def test_meeting_in_the_future_refused(listed: Workspace) -> None:
    _walk_to_accepted(listed, "H001")
    with pytest.raises(ValidationError, match="tương lai"):
        listed.meetings.record(_meeting(on=TODAY + dt.timedelta(days=1)))


def test_posting_period_and_complaint_recheck(listed: Workspace) -> None:
    """Posting lasts 3 working days (a setting); a complaint sends a record to re-check and back."""
    _walk_to_accepted(listed, "H001", "H002")
    listed.meetings.record(_meeting())
    res = listed.meetings.start_posting(XA, YEAR, dt.date(2025, 10, 3), place="Trụ sở UBND xã")  # a Friday
    assert res.end_on == dt.date(2025, 10, 7)  # Fri, Mon, Tue
    h1 = _ids(listed, "H001")[0]
    with pytest.raises(ValidationError, match="trước ngày niêm yết"):
        listed.meetings.complaint(h1, dt.date(2025, 10, 1), "Không đúng")
    cid = listed.meetings.complaint(h1, dt.date(2025, 10, 6), "Hộ có nhà kiên cố", complainant="Trần Văn F")
    assert listed.reviews.get(h1).stage is Stage.COMPLAINT
    listed.households.save(home("H001", thu_nhap_bq=1_050_000))  # the officer corrects during re-check
    listed.meetings.recheck(cid, "Phúc tra: đúng là hộ nghèo", dt.date(2025, 10, 7))
    assert listed.reviews.get(h1).stage is Stage.POSTED
    with pytest.raises(ValidationError, match="đã có kết quả"):
        listed.meetings.recheck(cid, "lần hai", dt.date(2025, 10, 7))
    assert listed.meetings.complaints(open_only=True) == []
    assert listed.meetings.postings(XA, YEAR)[0]["households"] == 2


def test_posting_days_setting_and_holidays(listed: Workspace) -> None:
    listed.settings.set("posting.working_days", "5")
    listed.settings.set("holidays", "06/10/2025, 7/10/2025")
    _walk_to_accepted(listed, "H001")
    listed.meetings.record(_meeting())
    res = listed.meetings.start_posting(XA, YEAR, dt.date(2025, 10, 3))
    assert res.end_on == dt.date(2025, 10, 13)  # Fri 3, (Mon 6, Tue 7 off), Wed 8, Thu 9, Fri 10, Mon 13
    with pytest.raises(InputRefused):
        listed.settings.set("posting.working_days", "0")


# --- step 4: recognition, lock, reopen -------------------------------------------------------


def _posted(ws: Workspace, *codes: str, start: dt.date = dt.date(2025, 10, 6)) -> list[int]:
    ids = _walk_to_accepted(ws, *codes)
    ws.meetings.record(_meeting())
    ws.meetings.start_posting(XA, YEAR, start)
    return ids


def test_recognise_locks_with_snapshot(listed: Workspace) -> None:
    """One decision recognises several households; each is locked with a snapshot of its answers."""
    ids = _posted(listed, "H001", "H003")
    with pytest.raises(ValidationError, match="chưa hết thời gian niêm yết"):
        listed.reviews.recognise(ids, "12/QĐ-UBND", dt.date(2025, 10, 7))
    act_as(listed, Role.CHAIRMAN)
    listed.reviews.recognise(ids, "12/QĐ-UBND", dt.date(2025, 10, 20))
    for rid, klass in zip(ids, ("poor", "poor"), strict=True):
        rev = listed.reviews.get(rid)
        assert (rev.stage, rev.decision_no, rev.decision_date) == (
            Stage.RECOGNISED,
            "12/QĐ-UBND",
            "2025-10-20",
        )
        snap = json.loads(
            listed.conn.execute("SELECT snapshot FROM reviews WHERE id=?", (rid,)).fetchone()[0]
        )
        assert snap["classification"]["class"] == klass and snap["household"]["ma_ho"] == rev.ma_ho
    act_as(listed, Role.OFFICER)
    with pytest.raises(ValidationError, match="12/QĐ-UBND ngày 20/10/2025"):
        listed.households.save(home("H001", thu_nhap_bq=900_000))
    assert listed.households.get(listed.households.require(XA, "H001", YEAR)).thu_nhap_bq == 1_000_000
    assert listed.audit.verify().ok


def test_consultation_step_for_reviews_before_july_2025(ws: Workspace) -> None:
    """Year 2024 has the district consultation by default; 2025 does not unless the setting is on."""
    assert ws.settings.consultation(2024) and not ws.settings.consultation(2025)
    rid = at_stage(ws, "H001", Stage.POSTED, year=2024)
    with pytest.raises(ValidationError, match="xin ý kiến cấp trên"):
        ws.reviews.recognise([rid], "3/QĐ-UBND", TODAY)
    ws.reviews.apply("consult", [rid], ref="Công văn 45/UBND-LĐTBXH ngày 10/11/2024")
    ws.reviews.recognise([rid], "3/QĐ-UBND", TODAY)
    assert ws.reviews.get(rid).stage is Stage.RECOGNISED
    rid25 = at_stage(ws, "H002", Stage.POSTED)
    with pytest.raises(ValidationError, match="không có bước xin ý kiến"):
        ws.reviews.apply("consult", [rid25], ref="x")


def test_reopen_supersedes_and_unlocks(listed: Workspace) -> None:
    """Reopening keeps the recognised record and its decision; the new record is editable."""
    (rid,) = _posted(listed, "H001")
    listed.reviews.recognise([rid], "12/QĐ-UBND", dt.date(2025, 10, 20))
    act_as(listed, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        listed.reviews.reopen([rid], "sai sót")
    act_as(listed, Role.CHAIRMAN)
    new = listed.reviews.reopen([rid], "Phát hiện thu nhập ghi sai", kind=Kind.ONGOING).ids[0]
    act_as(listed, Role.OFFICER)
    listed.households.save(home("H001", thu_nhap_bq=900_000))
    old, cur = listed.reviews.get(rid), listed.reviews.get(new)
    assert (old.current, old.stage, old.decision_no) == (False, Stage.RECOGNISED, "12/QĐ-UBND")
    assert (cur.current, cur.stage, cur.previous_id, cur.kind) == (True, Stage.DRAFT, rid, Kind.ONGOING)
    steps = [(t["review_id"], t["action"]) for t in listed.reviews.timeline(XA, "H001", YEAR)]
    assert steps[-3:] == [(rid, "recognise"), (new, "create"), (new, "survey")]
    assert listed.audit.verify().ok


def test_queue_is_ui_ready(listed: Workspace) -> None:
    """Ids for lazy models, rows per page in the given order, stage counts, presets, allowed actions."""
    ids = listed.reviews.queue_ids(QueueFilter(year=YEAR, ma_xa=XA))
    assert listed.reviews.rows(ids[::-1])[0]["ma_ho"] == "H005"
    assert listed.reviews.counts(year=YEAR, ma_xa=XA) == {"listed": 4}
    assert [r["ma_ho"] for r in listed.reviews.queue(QueueFilter(thon="Thôn 2"))] == ["H005"]
    assert [r["ma_ho"] for r in listed.reviews.queue(QueueFilter(search="H00"))] == ["H001", "H002", "H003",
                                                                                   "H005"]  # fmt: skip
    for name in QUEUE_PRESETS:
        listed.reviews.queue(listed.reviews.preset(name, year=YEAR))
    assert listed.reviews.allowed_actions(ids[0]) == ["drop"]
    listed.households.save(home("H001"))
    assert listed.reviews.allowed_actions(ids[0]) == ["submit", "drop"]
    act_as(listed, Role.CHAIRMAN)
    assert listed.reviews.allowed_actions(ids[0]) == []
