"""Judgements on quality results: decisions remembered, merges audited, warnings accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from povdesk.cli import main
from povdesk.errors import InputRefused, PermissionDenied
from povdesk.quality import PairSummary
from povdesk.workspace import Workspace
from tests.core.quality_builders import family, household, person, save


def _populate(ws: Workspace) -> None:
    save(ws, family("H001", "Nguyễn Văn Hòa", "Lê Thị Bình", "Nguyễn Văn Nam", "1960"))
    save(ws, household("H101", [person("Vi Văn Khởi", "chủ hộ", born="1950"),
                                person("Nguyen Van Hoa", "khác", born="1960", pid="001060000001")]))  # fmt: skip
    save(ws, family("H020", "Quách Văn Sáng", "Mạc Thị Lụa", "Quách Văn Lâm", "1965"))
    save(ws, family("H120", "Quách Văn Sáng", "Mac Thi Lua", "Quách Văn Lâm", "1965"))
    save(ws, household("H030", [person("Đào Văn Út", "chủ hộ", born="2013")]))


@pytest.fixture
def qws(ws: Workspace) -> Workspace:
    _populate(ws)
    ws.quality.run(year=2025)
    return ws


def _pair(ws: Workspace, kind: str) -> PairSummary:
    (p,) = ws.quality.pairs(year=2025, kind=kind)
    return p


def _member_names(ws: Workspace, ma_ho: str) -> list[str]:
    hid = ws.households.require("12345", ma_ho, 2025)
    return [m.ho_ten for m in ws.households.get(hid).members]


def test_pair_marked_different_is_not_reported_again(qws: Workspace) -> None:
    """A pair marked "different" disappears now and from every later check."""
    p = _pair(qws, "person")
    qws.quality.mark(p.id, "different", reason="Hai người khác nhau, đã xác minh tại thôn")
    assert qws.quality.pairs(year=2025, kind="person") == []
    report = qws.quality.run(year=2025)
    assert [x.kind for x in report.pairs] == ["household"]
    assert not [i for i in qws.quality.issues(p.a.household_id) if i.pair_id == p.id]


def test_decision_survives_resaving_the_households(qws: Workspace) -> None:
    """Decisions are keyed by natural references, not row ids: an edit keeps them."""
    p = _pair(qws, "person")
    qws.quality.mark(p.id, "different")
    raw = household("H101", [person("Vi Văn Khởi", "chủ hộ", born="1950"),
                             person("Nguyen Van Hoa", "khác", born="1960", pid="001060000001")],
                    dien_tich_nha=75)  # fmt: skip
    save(qws, raw)
    assert [x.kind for x in qws.quality.run(year=2025).pairs] == ["household"]


def test_unmark_reports_the_pair_again(qws: Workspace) -> None:
    """Forgetting a decision brings the pair back at the next check."""
    p = _pair(qws, "person")
    qws.quality.mark(p.id, "different")
    qws.quality.unmark(p.id)
    assert p.id in {x.id for x in qws.quality.run(year=2025).pairs}


def test_decisions_are_operations_with_history_and_audit(qws: Workspace) -> None:
    """Marking writes history on both households and an audit entry with the reason."""
    p = _pair(qws, "person")
    qws.quality.mark(p.id, "different", reason="đã xác minh")
    for side in (p.a, p.b):
        rows = [r for r in qws.households.history(side.household_id) if r["field"] == "trùng lặp"]
        assert rows and "khác nhau" in rows[-1]["new"] and rows[-1]["kind"] == "Xác nhận trùng lặp"
    entry = qws.conn.execute(
        "SELECT action, entity_id, new, reason FROM audit_log WHERE action = 'quality.mark'"
    ).fetchone()
    assert entry == ("quality.mark", p.id, "different", "đã xác minh")
    assert qws.audit.verify().ok


def test_same_without_merge_stays_listed_as_confirmed(qws: Workspace) -> None:
    """ "Same" without a side to keep is remembered; the pair stays listed until merged."""
    p = _pair(qws, "person")
    qws.quality.mark(p.id, "same")
    (again,) = [x for x in qws.quality.run(year=2025).pairs if x.kind == "person"]
    assert again.id == p.id and again.decision == "same"


def test_person_merge_removes_the_copy_and_keeps_the_id_number(qws: Workspace) -> None:
    """Merging a person pair removes the other record from its household, in one audited
    operation; the kept member takes the ID number it lacked."""
    p = _pair(qws, "person")
    assert (p.a.ma_ho, p.a.stt, p.b.ma_ho, p.b.stt) == ("H001", 1, "H101", 2)
    qws.quality.mark(p.id, "same", reason="cùng một người", keep="a")
    assert _member_names(qws, "H101") == ["Vi Văn Khởi"]
    head = qws.households.get(qws.households.require("12345", "H001", 2025)).members[0]
    assert head.so_dinh_danh == "001060000001"
    fields = [r["field"] for r in qws.households.history(p.b.household_id)]
    assert "*" in fields and "gộp người" in fields
    assert qws.quality.pairs(year=2025, kind="person") == []
    assert qws.audit.verify().ok
    with pytest.raises(InputRefused):
        qws.quality.unmark(p.id)


def test_merge_never_removes_a_head(qws: Workspace) -> None:
    """Keeping the side whose copy is a household head is refused and changes nothing."""
    p = _pair(qws, "person")
    ops = qws.conn.execute("SELECT count(*) FROM operations").fetchone()
    with pytest.raises(InputRefused, match="chủ hộ"):
        qws.quality.mark(p.id, "same", keep="b")
    assert qws.conn.execute("SELECT count(*) FROM operations").fetchone() == ops
    assert len(_member_names(qws, "H001")) == 3
    assert qws.conn.execute("SELECT count(*) FROM quality_decisions").fetchone() == (0,)


def test_merge_refused_when_data_changed_since_the_check(qws: Workspace) -> None:
    """A pair pointing at a member who is no longer there is refused, not merged blindly."""
    p = _pair(qws, "person")
    save(qws, household("H101", [person("Vi Văn Khởi", "chủ hộ", born="1950"),
                                 person("Lò Thị Xuân", "khác", "nữ", born="1990")]))  # fmt: skip
    with pytest.raises(InputRefused, match="đã thay đổi"):
        qws.quality.mark(p.id, "same", keep="a")


def test_household_merge_deletes_the_copy_and_keeps_it_in_history(qws: Workspace) -> None:
    """Merging a household pair keeps one household; the other's full content is in history."""
    p = _pair(qws, "household")
    qws.quality.mark(p.id, "same", reason="nhập hai lần", keep="a")
    assert qws.households.find("12345", "H120", 2025) is None
    assert qws.households.find("12345", "H020", 2025) is not None
    row = qws.conn.execute(
        "SELECT old, new FROM history WHERE household_id = ? AND field = '*' ORDER BY id DESC",
        (p.b.household_id,),
    ).fetchone()
    snapshot = json.loads(row[0])
    assert snapshot["ma_ho"] == "H120" and len(snapshot["thanh_vien"]) == 3 and "H020" in row[1]
    assert qws.quality.pairs(year=2025, kind="household") == []
    assert qws.audit.verify().ok


def test_accepted_warning_stays_accepted_with_its_reason(qws: Workspace) -> None:
    """Accepting a warning needs a reason; it is then shown as accepted, not as an issue."""
    hid = qws.households.require("12345", "H030", 2025)
    with pytest.raises(InputRefused, match="lý do"):
        qws.quality.accept(hid, "head_under_15", reason="  ")
    qws.quality.accept(hid, "head_under_15", reason="Trẻ mồ côi, sống một mình")
    report = qws.quality.run(year=2025)
    (issue,) = qws.quality.issues(hid)
    assert issue.accepted and issue.reason == "Trẻ mồ côi, sống một mình"
    assert "head_under_15" not in report.counts and hid not in qws.quality.household_ids_with_issues(
        year=2025
    )
    qws.quality.unaccept(hid, "head_under_15")
    assert not qws.quality.issues(hid)[0].accepted
    assert "head_under_15" in qws.quality.run(year=2025).counts


@pytest.mark.parametrize(
    ("check", "match"),
    [("duplicate_person", "khác nhau"), ("floor_area", "không có đúng một"), ("nope", "Không có loại")],
)
def test_only_existing_consistency_warnings_can_be_accepted(qws: Workspace, check: str, match: str) -> None:
    """Duplicates are decided, not accepted; a warning the household does not raise is refused."""
    hid = qws.households.require("12345", "H030", 2025)
    with pytest.raises(InputRefused, match=match):
        qws.quality.accept(hid, check, reason="x")


def test_enumerators_may_not_decide(qws: Workspace) -> None:
    """Marking pairs and accepting warnings need the quality.decide permission."""
    qws.users.add("quantri", "admin", "mat-khau-dai-1")
    qws.users.add("rsv1", "enumerator", "mat-khau-dai-2")
    qws.users.logout()
    qws.users.login("rsv1", "mat-khau-dai-2")
    p = _pair(qws, "person")
    with pytest.raises(PermissionDenied):
        qws.quality.mark(p.id, "different")
    with pytest.raises(PermissionDenied):
        qws.quality.accept(qws.households.require("12345", "H030", 2025), "head_under_15", reason="x")


# --- CLI ----------------------------------------------------------------------------------------


def _cli(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_check_json_then_mark_and_accept(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`povdesk check --json` reports counts, units, pairs and issue keys; `mark` and `accept`
    act on what it printed."""
    with Workspace.open(db_path) as ws:
        _populate(ws)
    code, out, _ = _cli(db_path, "check", "--year", "2025", "--json", capsys=capsys)
    data = json.loads(out)
    assert code == 0 and data["total"] == 5 and data["counts"]["head_under_15"] == 1
    assert {u["thon"] for u in data["units"]} == {None, "Thôn Đông"}
    person_pair = next(p for p in data["pairs"] if p["kind"] == "person")
    key = next(i["key"] for i in data["issues"] if i["check"] == "head_under_15")
    assert key == "12345/H030/2025:head_under_15:1"
    assert (
        _cli(db_path, "check", "mark", person_pair["id"], "different", "--reason", "khác", capsys=capsys)[0]
        == 0
    )
    assert _cli(db_path, "check", "accept", key, "--reason", "mồ côi", capsys=capsys)[0] == 0
    code, out, _ = _cli(db_path, "check", "--year", "2025", "--json", capsys=capsys)
    data = json.loads(out)
    assert [p["kind"] for p in data["pairs"]] == ["household"] and "head_under_15" not in data["counts"]
    code, out, _ = _cli(db_path, "check", "issues", "--open", "--json", capsys=capsys)
    assert key not in {i["key"] for i in json.loads(out)}


def test_cli_show_and_text_report(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The text report lists units, pairs and issue keys; `show` prints both households."""
    with Workspace.open(db_path) as ws:
        _populate(ws)
    code, out, _ = _cli(db_path, "check", "--year", "2025", "--quiet", capsys=capsys)
    assert code == 0 and "Xã Minh Hòa (12345)" in out and "12345/H030/2025:head_under_15:1" in out
    pair_id = next(line.split()[0] for line in out.splitlines() if line.strip().startswith("h"))
    code, out, _ = _cli(db_path, "check", "show", pair_id, capsys=capsys)
    assert code == 0 and out.count("Quách Văn Sáng") >= 2 and "Mac Thi Lua" in out


def test_cli_refuses_unknown_pairs_and_keys(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad arguments exit 2 with a Vietnamese message and change nothing."""
    with Workspace.open(db_path) as ws:
        _populate(ws)
    assert _cli(db_path, "check", "mark", "pdeadbeef", "different", capsys=capsys)[0] == 2
    code, _, err = _cli(db_path, "check", "accept", "not-a-key", "--reason", "x", capsys=capsys)
    assert code == 2 and "Mã cảnh báo không hợp lệ" in err


def test_refresh_households_flags_a_saved_household_at_once(qws: Workspace) -> None:
    """After a save, refreshing one household updates its warnings without a full scan."""
    hid = save(qws, household("H040", [person("Kha Văn Mới", "chủ hộ", born="1980")], dien_tich_nha=0))
    assert qws.quality.issues(hid) == []  # not checked yet
    qws.quality.refresh_households([hid])
    assert [i.check for i in qws.quality.issues(hid)] == ["floor_area"]
    assert hid in qws.quality.household_ids_with_issues(year=2025)


def test_cancelled_check_leaves_the_last_results(qws: Workspace) -> None:
    """A cancelled run raises Interrupted ("đã hủy") and keeps the previous cache."""
    from povdesk.errors import Interrupted
    from povdesk.progress import CancelToken, Progress

    before = qws.quality.report(year=2025)
    seen: list[Progress] = []
    token = CancelToken()
    token.cancel()
    with pytest.raises(Interrupted):
        qws.quality.run(year=2025, progress=seen.append, cancel=token)
    assert qws.quality.report(year=2025) == before
    report = qws.quality.run(year=2025, progress=seen.append)
    assert {p.label for p in seen} >= {"Đang đọc dữ liệu", "Đang tìm trùng lặp", "Đang kiểm tra từng hộ"}
    assert report.pairs == before.pairs
