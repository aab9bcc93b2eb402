"""A whole periodic review of a small commune, run from the command line with accounts and passwords.

list → assign → survey → submit → return → resubmit → accept → village meetings → posting →
complaint and re-check → recognition with one decision number → an attempted edit refused;
then the timeline and an intact audit log.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from review_support import PW, XA, home

from povdesk.cli import main
from povdesk.text import format_date
from povdesk.workspace import Workspace

YEAR = 2025
THON = {"H001": "Thôn 1", "H002": "Thôn 1", "H003": "Thôn 1", "H004": "Thôn 1", "H005": "Thôn 2",
        "H006": "Thôn 2", "H007": "Thôn 2", "H008": "Thôn 1"}  # fmt: skip
KLASS = {"H001": "poor", "H002": "poor", "H003": "near_poor", "H004": "poor", "H005": "poor",
         "H006": "near_poor", "H007": "not_poor", "H008": "not_poor"}  # fmt: skip


def day(n: int) -> str:
    """A date ``n`` days ago (meetings and postings must not be in the future)."""
    return format_date(dt.date.today() - dt.timedelta(days=n))


class Cli:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.db, self.capsys, self.mp = db, capsys, monkeypatch

    def __call__(self, user: str | None, *args: str, code: int = 0) -> Any:
        """Run ``povdesk --user USER ARGS`` in-process with the password in the environment."""
        self.mp.setenv("POVDESK_PASSWORD", PW)
        self.mp.setenv("POVDESK_NEW_PASSWORD", PW)
        argv = ["--db", str(self.db), *(["--user", user] if user else []), *args]
        try:
            got = main(argv)
        except SystemExit as e:  # argparse refusing the arguments
            got = int(e.code or 0)
        out = self.capsys.readouterr()
        assert got == code, f"{argv}: exit {got}\n{out.err}"
        self.err = out.err
        return json.loads(out.out) if "--json" in args and out.out.strip() else out.out

    def edit(self, user: str, code: str, want: int = 0, **changes: Any) -> str:
        """Fetch a household's answers as JSON, change them and save them back as ``user``."""
        shown = self(user, "household", "show", "--xa", XA, "--ma", code, "--year", str(YEAR), "--json")
        shown.pop("classification")
        shown.update(changes)
        path = self.db.parent / f"{code}.json"
        path.write_text(json.dumps(shown, ensure_ascii=False), "utf-8")
        self(user, "household", "add", str(path), code=want)
        return self.err


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr("povdesk.users.SCRYPT_N", 2**8)  # ≈40 sign-ins; production cost tested in test_users
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with Workspace.open(db_path) as ws:  # last year's results, on file before accounts existed
        for code, klass in KLASS.items():
            ws.households.save(home(code, YEAR - 1, klass=klass, thon=THON[code]))
    return Cli(db_path, capsys, monkeypatch)


def _stages(cli: Cli) -> dict[str, str]:
    rows = cli("canbo", "review", "list", "--year", str(YEAR), "--xa", XA, "--json")
    return {r["ma_ho"]: r["stage"] for r in rows}


def test_periodic_review_end_to_end(cli: Cli) -> None:
    key = ["--xa", XA, "--year", str(YEAR)]
    # accounts: the first administrator, then the team
    cli(None, "user", "add", "quantri", "--role", "admin", "--full-name", "Quản Trị Viên")
    for name, role in (("canbo", "officer"), ("chutich", "chairman"), ("rsv1", "enumerator"),
                       ("rsv2", "enumerator")):  # fmt: skip
        cli("quantri", "user", "add", name, "--role", role)
    cli(None, "review", "list", "--json", code=3)  # accounts exist: no anonymous access

    # step 1: the list (last year's poor and near-poor), assigned by village
    rep = cli("canbo", "review", "start-year", *key, "--date", f"15/09/{YEAR}", "--json")
    assert (rep["listed"], rep["copied"]) == (6, 6)
    assert _stages(cli) == dict.fromkeys(["H001", "H002", "H003", "H004", "H005", "H006"], "listed")
    cli("rsv1", "review", "assign", *key, "--thon", "Thôn 1", "--to", "rsv1", code=3)
    cli("canbo", "review", "assign", *key, "--thon", "Thôn 1", "--to", "rsv1")
    cli("canbo", "review", "assign", *key, "--thon", "Thôn 2", "--to", "rsv2")

    # step 2: survey and submit; an enumerator cannot touch another's household
    cli.edit("rsv1", "H001", thu_nhap_bq=3_300_000)  # an implausible jump, for the reviewer
    for code in ("H002", "H003", "H004"):
        cli.edit("rsv1", code, dien_tich_nha=90)
    cli.edit("rsv1", "H005", want=3, dien_tich_nha=90)
    for code in ("H005", "H006"):
        cli.edit("rsv2", code, dien_tich_nha=95)
    cli("rsv1", "review", "submit", *key, "--all")
    cli("rsv2", "review", "submit", *key, "--all")
    assert set(_stages(cli).values()) == {"submitted"}
    flagged = cli("canbo", "review", "list", "--year", str(YEAR), "--filter", "invalid", "--json")
    assert [(r["ma_ho"], r["flags"]) for r in flagged] == [("H001", ["income_jump"])]

    # return with a comment → the enumerator's to-do list → fix → resubmit
    cli("rsv1", "review", "accept", *key, "--all", code=3)
    cli("canbo", "review", "return", *key, "--ma", "H001", code=2)  # argparse: --comment is required
    cli("canbo", "review", "return", *key, "--ma", "H001", "--comment", "Thu nhập tăng gấp 3, kiểm tra lại")
    cli("canbo", "review", "comment", *key[:2], "--ma", "H001", "--year", str(YEAR), "--field", "thu_nhap_bq",
        "--text", "Có tính lương của con đi làm xa?")  # fmt: skip
    todo = cli("rsv1", "review", "list", "--mine", "--filter", "commented", "--json")
    assert [(r["ma_ho"], r["stage"], r["open_comments"]) for r in todo] == [("H001", "returned", 1)]
    cli.edit("rsv1", "H001", thu_nhap_bq=1_150_000)
    cli("rsv1", "review", "submit", *key, "--ma", "H001")
    cli("canbo", "review", "accept", *key, "--all")
    assert set(_stages(cli).values()) == {"accepted"}

    # village meetings: Thôn 1 disputes H002 (then settled after re-check), Thôn 2 agrees
    meeting = [
        "review",
        "meeting",
        *key,
        "--date",
        day(40),
        "--place",
        "Nhà văn hóa",
        "--chair",
        "Trưởng thôn",
    ]
    res = cli("canbo", *meeting, "--thon", "Thôn 1", "--attendees", "45", "--disputed", "H002=Hộ có xe tải",
              "--votes", "H001=40/3", "--minutes", "Họp xét danh sách hộ nghèo", "--json")  # fmt: skip
    assert (res["agreed"], res["disputed"]) == (3, 1)
    cli("canbo", *meeting, "--thon", "Thôn 2", "--attendees", "30")
    cli("canbo", "review", "settle", *key, "--ma", "H002", "--comment", "Phúc tra: xe tải đã bán từ tháng 3")

    # step 3: posting (3 working days by default), a complaint and its re-check
    posted = cli("canbo", "review", "post", *key, "--start", day(30), "--place", "Trụ sở UBND xã", "--json")
    assert posted["households"] == 6
    cli("chutich", "review", "recognise", *key, "--all", "--so", "1/QĐ-UBND", "--ngay", day(30), code=2)
    c = cli("canbo", "review", "complaint", *key[:2], "--ma", "H003", "--year", str(YEAR), "--date", day(29),
            "--content", "Hộ này đã có thu nhập ổn định", "--json")  # fmt: skip
    assert _stages(cli)["H003"] == "complaint"
    cli(
        "chutich", "review", "recognise", *key, "--ma", "H003", "--so", "1/QĐ-UBND", "--ngay", day(20), code=2
    )
    cli("canbo", "review", "recheck", "--complaint", str(c["complaint_id"]), "--date", day(28),
        "--result", "Phúc tra: thu nhập vẫn dưới chuẩn, giữ nguyên")  # fmt: skip

    # step 4: recognition with one decision number; the records are then locked
    cli("canbo", "review", "recognise", *key, "--all", "--so", "125/QĐ-UBND", "--ngay", day(20), code=3)
    done = cli(
        "chutich", "review", "recognise", *key, "--all", "--so", "125/QĐ-UBND", "--ngay", day(20), "--json"
    )
    assert sorted(done["households"]) == ["H001", "H002", "H003", "H004", "H005", "H006"]
    assert set(_stages(cli).values()) == {"recognised"}
    for user in ("rsv1", "canbo", "quantri"):
        err = cli.edit(user, "H004", want=2, thu_nhap_bq=800_000)
        assert "125/QĐ-UBND" in err and "đã khóa" in err
    shown = cli("canbo", "household", "show", "--xa", XA, "--ma", "H004", "--year", str(YEAR), "--json")
    assert shown["thu_nhap_bq"] == 1_000_000

    # who did what, when: the timeline of H001 and an intact, verifiable audit log
    steps = [(r["action"], r["user"]) for r in cli("chutich", "review", "timeline", *key[:2], "--ma", "H001",
                                                   "--year", str(YEAR), "--json")]  # fmt: skip
    assert steps == [("create", "canbo"), ("assign", "canbo"), ("survey", "rsv1"), ("submit", "rsv1"),
                     ("return", "canbo"), ("comment", "canbo"), ("resubmit", "rsv1"), ("accept", "canbo"),
                     ("agree", "canbo"), ("post", "canbo"), ("recognise", "chutich")]  # fmt: skip
    history = cli(
        "chutich", "household", "history", "--xa", XA, "--ma", "H001", "--year", str(YEAR), "--json"
    )
    assert {(h["user"], h["field"], h["new"]) for h in history} >= {("rsv1", "thu_nhap_bq", "3300000"),
                                                                    ("rsv1", "thu_nhap_bq", "1150000")}  # fmt: skip
    cli("rsv1", "audit", "verify", code=3)
    report = cli("chutich", "audit", "verify", "--json")
    assert report["ok"] and report["entries"] > 100


def test_ongoing_request_from_the_cli(cli: Cli) -> None:
    """Mẫu 01 registered, listed with its age, started, surveyed and decided from the command line."""
    cli(None, "user", "add", "quantri", "--role", "admin")
    cli("quantri", "user", "add", "canbo", "--role", "officer")
    rid = cli("canbo", "request", "add", "--form", "01", "--xa", XA, "--ma", "N001", "--thon", "Thôn 1",
              "--applicant", "Lò Văn H", "--date", day(10), "--year", str(YEAR), "--json")["id"]  # fmt: skip
    waiting = cli("canbo", "request", "list", "--open", "--json")
    assert [(r["id"], r["status"], r["age_days"]) for r in waiting] == [(rid, "waiting", 10)]
    cli("canbo", "request", "start", str(rid))
    path = cli.db.parent / "n001.json"
    path.write_text(json.dumps({**_raw(home("N001")), "ma_ho": "N001"}, ensure_ascii=False), "utf-8")
    cli("canbo", "household", "add", str(path))
    key = ["--xa", XA, "--year", str(YEAR), "--ma", "N001"]
    cli("canbo", "review", "submit", *key)
    cli("canbo", "review", "accept", *key)
    cli("quantri", "review", "reject", *key, "--reason", "Thu nhập trên chuẩn cận nghèo")
    (row,) = cli("canbo", "request", "list", "--json")
    assert row["status"] == "rejected"
    cli("canbo", "request", "start", str(rid), code=2)


def _raw(h: Any) -> dict[str, Any]:
    from povdesk.records import household_to_json

    return household_to_json(h)


def test_every_workflow_command_is_documented() -> None:
    """docs/cli.md names every sub-command of review, request, setting, user and audit."""
    import argparse

    from povdesk.cli import build_parser

    doc = (Path(__file__).parents[2] / "docs" / "cli.md").read_text("utf-8")
    parser = build_parser()
    top = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for cmd in ("review", "request", "setting", "user", "audit"):
        sub = next(a for a in top.choices[cmd]._actions if isinstance(a, argparse._SubParsersAction))
        missing += [f"{cmd} {name}" for name in sub.choices if f"{cmd} {name}" not in doc
                    and not (cmd == "review" and f"`{name}`" in doc)]  # fmt: skip
    assert not missing, missing
