"""Every workflow step × role × stage × kind of review: allowed, or refused with the right error.

The expectations below are written out independently of ``povdesk.reviews.TRANSITIONS`` (a
copy of the data would test nothing): they are QĐ 24's procedure as the issue states it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from review_support import XA, YEAR, act_as, at_stage, fast_kdf, home  # noqa: F401  (fixture)

from povdesk.errors import InputRefused, PermissionDenied, ValidationError
from povdesk.meetings import Meeting
from povdesk.reviews import Kind, Stage
from povdesk.users import Role
from povdesk.workspace import Workspace

ENU, OFF, CHA, ADM = Role.ENUMERATOR, Role.OFFICER, Role.CHAIRMAN, Role.ADMIN
S = Stage
P, G = Kind.PERIODIC, Kind.ONGOING
ALL_STAGES = list(Stage)

#: action → (roles allowed, {kind: stages it starts from}, fields given)
EXPECTED: dict[str, tuple[set[Role], dict[Kind, set[Stage]], dict[str, object]]] = {
    "submit": ({ENU, OFF, ADM}, {P: {S.DRAFT}, G: {S.DRAFT}}, {}),
    "resubmit": ({ENU, OFF, ADM}, {P: {S.RETURNED}, G: {S.RETURNED}}, {}),
    "return": ({OFF, ADM}, {P: {S.SUBMITTED, S.ACCEPTED, S.DISPUTED}, G: {S.SUBMITTED, S.ACCEPTED, S.DISPUTED}},
               {"comment": "sai thu nhập"}),
    "accept": ({OFF, ADM}, {P: {S.SUBMITTED}, G: {S.SUBMITTED}}, {}),
    "settle": ({OFF, ADM}, {P: {S.DISPUTED}, G: set()}, {"comment": "đã phúc tra"}),
    "consult": ({OFF, CHA, ADM}, {P: {S.POSTED}, G: set()}, {"ref": "CV 12/UBND"}),
    "recognise": ({CHA, ADM}, {P: {S.POSTED, S.CONSULTED}, G: {S.ACCEPTED}},
                  {"decision_no": "9/QĐ-UBND", "decision_date": dt.date.today()}),
    "reject": ({CHA, ADM}, {P: set(), G: {S.SUBMITTED, S.ACCEPTED}}, {"comment": "không đủ điều kiện"}),
    "drop": ({OFF, ADM}, {P: {S.LISTED, S.DRAFT, S.RETURNED}, G: {S.LISTED, S.DRAFT, S.RETURNED}},
             {"comment": "chuyển đi nơi khác"}),
    "reopen": ({CHA, ADM}, {P: {S.RECOGNISED, S.REJECTED, S.DROPPED}, G: {S.RECOGNISED, S.REJECTED, S.DROPPED}},
               {"comment": "phát hiện sai sót"}),
}  # fmt: skip
TARGET = {"submit": S.SUBMITTED, "resubmit": S.SUBMITTED, "return": S.RETURNED, "accept": S.ACCEPTED,
          "settle": S.AGREED, "consult": S.CONSULTED, "recognise": S.RECOGNISED, "reject": S.REJECTED,
          "drop": S.DROPPED, "reopen": S.LISTED}  # fmt: skip


@pytest.mark.parametrize("role", [ENU, OFF, CHA, ADM], ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_transition_table(ws: Workspace, action: str, role: Role) -> None:
    """Each step succeeds exactly for its roles and source stages; otherwise exit 3 or exit 2."""
    roles, starts, fields = EXPECTED[action]
    if action == "consult":
        act_as(ws, ADM)
        ws.settings.set(f"consultation.{YEAR}", "1")
    wrong = []
    n = 0
    for kind in (P, G):
        for stage in ALL_STAGES:
            n += 1
            code = f"H{n:03d}"
            rid = at_stage(ws, code, stage, kind=kind)
            act_as(ws, role)
            allowed_role = role in roles
            allowed = allowed_role and stage in starts[kind]
            try:
                ws.reviews.apply(action, [rid], **fields)  # type: ignore[arg-type]
                got = "ok"
            except PermissionDenied:
                got = "denied"
            except ValidationError:
                got = "refused"
            want = "ok" if allowed else ("denied" if not allowed_role else "refused")
            if got != want:
                wrong.append(f"{kind.value}/{stage.value}: got {got}, want {want}")
                continue
            current = ws.reviews.current(XA, code, YEAR)
            assert current is not None
            if allowed:
                assert current.stage is TARGET[action]
                assert (current.id != rid) == (action == "reopen")
            else:
                assert current.id == rid and current.stage is stage, "a refused step changed nothing"
    assert not wrong, wrong


@pytest.mark.parametrize("action", ["submit", "resubmit"])
def test_enumerator_only_on_own_records(ws: Workspace, action: str) -> None:
    """An enumerator cannot submit a record assigned to someone else (exit 3)."""
    stage = S.DRAFT if action == "submit" else S.RETURNED
    rid = at_stage(ws, "H001", stage, assigned="rsv2")
    act_as(ws, ENU, "rsv1")
    with pytest.raises(PermissionDenied):
        ws.reviews.apply(action, [rid])
    act_as(ws, ENU, "rsv2")
    assert ws.reviews.apply(action, [rid]).ids == (rid,)


@pytest.mark.parametrize(
    ("action", "missing"),
    [("return", "comment"), ("recognise", "decision_no"), ("recognise", "decision_date"), ("reject", "comment"),
     ("drop", "comment"), ("consult", "ref"), ("settle", "comment")],
)  # fmt: skip
def test_required_fields(ws: Workspace, action: str, missing: str) -> None:
    """A step without one of its required fields is refused, naming the field, and changes nothing."""
    _, starts, fields = EXPECTED[action]
    kind = P if starts[P] else G
    stage = sorted(starts[kind])[0]
    act_as(ws, ADM)
    ws.settings.set(f"consultation.{YEAR}", "1" if action == "consult" else "0")
    rid = at_stage(ws, "H001", stage, kind=kind)
    given = {k: v for k, v in fields.items() if k != missing}
    with pytest.raises(ValidationError) as e:
        ws.reviews.apply(action, [rid], **given)  # type: ignore[arg-type]
    assert any(p.field == missing for p in e.value.problems)
    assert ws.reviews.get(rid).stage is stage


@pytest.mark.parametrize("action", ["survey", "agree", "dispute", "post", "complain", "recheck"])
def test_steps_with_their_own_records_refuse_plain_apply(ws: Workspace, action: str) -> None:
    """Meeting, posting, complaint and survey steps need their record: plain apply() refuses them."""
    rid = at_stage(ws, "H001", S.ACCEPTED)
    with pytest.raises(InputRefused):
        ws.reviews.apply(action, [rid], comment="x")


@pytest.mark.parametrize("role", [ENU, OFF, CHA, ADM], ids=lambda r: r.value)
def test_meeting_posting_complaint_roles(ws: Workspace, role: Role) -> None:
    """Only officers and administrators record meetings, postings, complaints and re-checks."""
    office = role in (OFF, ADM)
    rid = at_stage(ws, "H001", S.ACCEPTED)
    act_as(ws, role)
    m = Meeting(XA, "Thôn 1", YEAR, dt.date.today(), "Nhà văn hóa", "Trưởng thôn", 30)
    calls = [
        lambda: ws.meetings.record(m),
        lambda: ws.meetings.start_posting(XA, YEAR, dt.date.today()),
        lambda: ws.meetings.complaint(rid, dt.date.today(), "không đúng"),
    ]
    for call in calls:
        if office:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    assert ws.reviews.get(rid).stage is (S.COMPLAINT if office else S.ACCEPTED)


# --- the edit guard --------------------------------------------------------------------------

FROZEN = {S.AGREED, S.POSTED, S.CONSULTED}
TERMINAL = {S.RECOGNISED, S.REJECTED, S.DROPPED}
OFFICE_EDIT = set(ALL_STAGES) - FROZEN - TERMINAL
ENUM_EDIT = {S.LISTED, S.DRAFT, S.RETURNED}


def _edit_expectation(role: Role, stage: Stage, own: bool) -> str:
    if stage in FROZEN | TERMINAL:
        return "refused"
    if role in (OFF, ADM):
        return "ok"
    if role is CHA:
        return "denied"
    return "ok" if own and stage in ENUM_EDIT else "denied"


@pytest.mark.parametrize("role", [ENU, OFF, CHA, ADM], ids=lambda r: r.value)
def test_edit_guard_table(ws: Workspace, role: Role) -> None:
    """Who may change a household's answers at each stage; a refused save writes nothing."""
    wrong = []
    n = 0
    for own in (True, False):
        for stage in ALL_STAGES:
            n += 1
            code = f"H{n:03d}"
            rid = at_stage(ws, code, stage, assigned="rsv1" if own else "rsv2")
            act_as(ws, role, "rsv1" if role is ENU else None)
            try:
                ws.households.save(home(code, thu_nhap_bq=1_200_000))
                got = "ok"
            except PermissionDenied:
                got = "denied"
            except ValidationError:
                got = "refused"
            want = _edit_expectation(role, stage, own)
            if got != want:
                wrong.append(f"own={own} {stage.value}: got {got}, want {want}")
            hid = ws.households.require(XA, code, YEAR)
            income = ws.households.get(hid).thu_nhap_bq
            assert income == (1_200_000 if got == "ok" else 1_000_000)
            after = ws.reviews.get(rid).stage
            assert after is (S.DRAFT if got == "ok" and stage is S.LISTED else stage)
    assert not wrong, wrong


def test_households_outside_the_list(ws: Workspace) -> None:
    """Officers may save a household with no review record; an enumerator or chairman may not."""
    for role, ok in ((ADM, True), (OFF, True), (ENU, False), (CHA, False)):
        act_as(ws, role)
        h = home(f"X{role.value}")
        if ok:
            ws.households.save(h)
        else:
            with pytest.raises(PermissionDenied):
                ws.households.save(h)
            assert ws.households.find(*h.key) is None


def test_unchanged_save_of_locked_record_is_harmless(ws: Workspace) -> None:
    """Re-saving identical answers of a recognised household (a re-import) is not an edit."""
    at_stage(ws, "H001", S.RECOGNISED)
    act_as(ws, OFF)
    assert ws.households.save(home("H001")).status == "unchanged"


def test_delete_and_reclassify_permissions(ws: Workspace) -> None:
    """Deleting is refused for a locked record and for enumerators; reclassifying for enumerators."""
    at_stage(ws, "H001", S.RECOGNISED)
    at_stage(ws, "H002", S.DRAFT)
    hid1, hid2 = ws.households.require(XA, "H001", YEAR), ws.households.require(XA, "H002", YEAR)
    act_as(ws, ENU)
    with pytest.raises(PermissionDenied):
        ws.households.delete(hid2)
    with pytest.raises(PermissionDenied):
        ws.households.reclassify(YEAR)
    act_as(ws, OFF)
    with pytest.raises(ValidationError):
        ws.households.delete(hid1)
    ws.households.delete(hid2)
    assert ws.households.find(XA, "H002", YEAR) is None
    assert ws.reviews.get(ws.reviews.require(XA, "H002", YEAR).id).stage is S.DRAFT  # not "surveyed"


def test_undo_cannot_touch_a_locked_record(ws: Workspace) -> None:
    """Undoing the save (or the creation) of a household recognised since then is refused."""
    ws.undo.save(home("H001"))  # created: undo would delete it
    ws.undo.save(home("H002"))
    ws.undo.save(home("H002", thu_nhap_bq=1_100_000))  # edited: undo would write the old answers
    for code in ("H001", "H002"):
        with ws.operation("test", code):
            rid = ws.reviews.create((XA, code, YEAR), Kind.PERIODIC, source="manual")
        ws.conn.execute("UPDATE reviews SET stage='recognised', decision_no='1/QĐ' WHERE id=?", (rid,))
    with pytest.raises(ValidationError, match="đã được công nhận"):
        ws.undo.undo()
    assert ws.households.get(ws.households.require(XA, "H002", YEAR)).thu_nhap_bq == 1_100_000
    ws.undo._undo.pop()
    ws.undo._undo.pop()  # leave the creation of H001 on top
    with pytest.raises(ValidationError, match="đã được công nhận"):
        ws.undo.undo()
    assert ws.households.find(XA, "H001", YEAR) is not None
