"""`povdesk print …`, `verify-qr`, `commune-settings` and `register` from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from doc_helpers import pages, populate, scan_qr, squash, text

from povdesk.cli import main
from povdesk.workspace import Workspace


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(db_path: Path, raw_household: dict[str, Any]) -> str:
    with Workspace.open(db_path) as ws:
        populate(ws, raw_household)
    return str(db_path)


def test_print_every_document(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    """Each `print` sub-command writes its PDF and reports it; --json gives the numbers."""
    code, out, _ = run(capsys, "--db", db, "print", "decision", "--year", "2025", "--xa", "12345", "--ngay",
                       "05/01/2026", "--out", str(tmp_path / "qd.pdf"), "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["numbers"] == ["01/QĐ-UBND"]
    code, out, _ = run(capsys, "--db", db, "print", "certificates", "--year", "2025", "--out",
                       str(tmp_path / "gcn.pdf"), "--json")  # fmt: skip
    rep = json.loads(out)
    assert code == 0 and rep["documents"] == 3 and rep["pages"] == 4 and rep["bytes"] > 10_000
    code, _, err = run(capsys, "--db", db, "print", "escape", "--year", "2025", "--xa", "12345", "--split",
                       "--out", str(tmp_path / "esc"))  # fmt: skip
    assert code == 0 and "Đã in 2 văn bản, 2 trang" in err
    assert sorted(p.name for p in (tmp_path / "esc").iterdir()) == ["QD-thoat-ngheo-12345-H003.pdf",
                                                                    "QD-thoat-ngheo-12345-H004.pdf"]  # fmt: skip
    assert run(capsys, "--db", db, "print", "posting-list", "--year", "2025", "--xa", "12345", "--thon",
               "Thôn Đông", "--out", str(tmp_path / "ny.pdf"))[0] == 0  # fmt: skip
    assert len(pages(tmp_path / "ny.pdf")) == 1
    assert run(capsys, "--db", db, "print", "minutes", "--year", "2025", "--xa", "12345", "--thon", "Thôn Đông",
               "--chu-tri", "Hà Văn Quyết", "--out", str(tmp_path / "bb.pdf"))[0] == 0  # fmt: skip
    assert "Chủ trì: Hà Văn Quyết" in squash(text(tmp_path / "bb.pdf"))
    assert run(capsys, "--db", db, "print", "form", "04", "--xa", "12345", "--ma", "H001", "--year", "2025",
               "--out", str(tmp_path / "m04.pdf"))[0] == 0  # fmt: skip
    assert "Nguyễn Văn Hòa" in text(tmp_path / "m04.pdf")
    code, out, _ = run(capsys, "--db", db, "register", "log", "--json")
    assert [r["document"] for r in json.loads(out)][:3] == ["form-04", "minutes", "posting-list"]


def test_verify_qr_exit_codes(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    """A scanned QR verifies (exit 0); a tampered one is refused (exit 2) with the reason."""
    run(
        capsys,
        "--db",
        db,
        "print",
        "certificates",
        "--year",
        "2025",
        "--ma",
        "H001",
        "--out",
        str(tmp_path / "g.pdf"),
    )
    qr = scan_qr(tmp_path / "g.pdf", tmp_path)
    code, out, _ = run(capsys, "--db", db, "verify-qr", qr, "--json")
    assert code == 0 and json.loads(out)["valid"] and json.loads(out)["household"] == "H001"
    code, out, _ = run(capsys, "--db", db, "verify-qr", qr.replace("|N|", "|CN|"))
    assert code == 2 and "KHÔNG HỢP LỆ" in out and "Chữ ký không khớp" in out


def test_commune_settings_cli(capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert run(capsys, "--db", db, "commune-settings", "set", "--xa", "12345", "ky_hieu=QĐ-CT",
               "nguoi_ky=pho_chu_tich")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "--db", db, "commune-settings", "show", "--xa", "12345", "--json")
    assert (
        code == 0 and json.loads(out)["ky_hieu"] == "QĐ-CT" and json.loads(out)["nguoi_ky"] == "pho_chu_tich"
    )
    code, _, err = run(capsys, "--db", db, "commune-settings", "set", "--xa", "12345", "ky_hieu=XYZ")
    assert code == 2 and "ky_hieu" in err
    code, _, err = run(capsys, "--db", db, "commune-settings", "set", "--xa", "99999", "chu_tich=A")
    assert code == 2


def test_bad_input_exit_2_and_no_file(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "--db", db, "print", "certificates", "--year", "2031", "--out", str(tmp_path / "n.pdf")
    )
    assert code == 2 and "Không có hộ nghèo" in err and not (tmp_path / "n.pdf").exists()
    with pytest.raises(SystemExit) as e:
        main(["--db", db, "print", "decision", "--year", "2025", "--xa", "12345", "--ngay", "31/02/2026",
              "--out", str(tmp_path / "q.pdf")])  # fmt: skip
    assert e.value.code == 2
