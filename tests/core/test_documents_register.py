"""The numbering register, the print log and the QR codes that check against them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from doc_helpers import DATE, populate, scan_qr, squash, text

from povdesk.documents import jobs
from povdesk.documents.qr import HmacSigner, KeyStore, Payload, parse_payload, sign_payload
from povdesk.documents.register import Register
from povdesk.documents.verify import verify_qr
from povdesk.errors import InputRefused
from povdesk.workspace import Workspace


@pytest.fixture
def docs_ws(ws: Workspace, raw_household: dict[str, Any]) -> Workspace:
    populate(ws, raw_household)
    return ws


def test_reprint_keeps_number_and_is_marked_as_copy(docs_ws: Workspace, tmp_path: Path) -> None:
    """Printing the same certificates again reuses their numbers and dates, marks each page
    "BẢN SAO", and logs the print as copy 1."""
    first = jobs.print_certificates(docs_ws, tmp_path / "a.pdf", year=2025, households=["H001"], date=DATE)
    again = jobs.print_certificates(docs_ws, tmp_path / "b.pdf", year=2025, households=["H001"],
                                    date=dt.date(2026, 3, 1))  # fmt: skip
    assert first.numbers == again.numbers == ("01/GCN-HN.HCN",)
    assert (first.copies, again.copies) == (0, 1)
    assert "BẢN SAO" not in text(first.files[0])
    page = squash(text(again.files[0]))
    assert "BẢN SAO - in lại lần 1" in page
    assert "Minh Hòa, ngày 05 tháng 01 năm 2026" in page  # the original's date, not today's
    log = Register(docs_ws).log("12345")
    assert [(r["number_text"], r["copy"], r["output"], r["user"]) for r in log] == [
        ("01/GCN-HN.HCN", 1, "b.pdf", "admin"), ("01/GCN-HN.HCN", 0, "a.pdf", "admin")]  # fmt: skip


def test_numbers_are_never_reused(docs_ws: Workspace, tmp_path: Path) -> None:
    """A voided certificate keeps its number; re-issuing takes the next one; rows cannot be deleted."""
    jobs.print_certificates(docs_ws, tmp_path / "a.pdf", year=2025, date=DATE)  # 01, 02, 03
    reg = Register(docs_ws)
    first = reg.entries("12345")[0]
    reg.void(first.id, "mất giấy")
    rep = jobs.print_certificates(docs_ws, tmp_path / "b.pdf", year=2025, households=["H001"], date=DATE)
    assert rep.numbers == ("04/GCN-HN.HCN",) and rep.copies == 0
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        docs_ws.conn.execute("DELETE FROM doc_register")
    numbers = [e.number for e in reg.entries("12345")]
    assert numbers == [1, 2, 3, 4]


def test_decision_and_escape_decisions_share_the_decision_series(docs_ws: Workspace, tmp_path: Path) -> None:
    """Mẫu 02 and the per-household escape decisions are numbered in one QĐ series per year;
    a requested number that is taken is refused."""
    d = jobs.print_decision(docs_ws, tmp_path / "qd.pdf", year=2025, commune="12345", date=DATE, number=7)
    e = jobs.print_escapes(docs_ws, tmp_path / "e.pdf", year=2025, date=DATE)
    assert d.numbers == ("07/QĐ-UBND",) and e.numbers == ("08/QĐ-UBND", "09/QĐ-UBND")
    with pytest.raises(InputRefused, match="đã được cấp số 07/QĐ-UBND"):
        jobs.print_decision(docs_ws, tmp_path / "x.pdf", year=2025, commune="12345", number=9)
    reg = Register(docs_ws)
    with pytest.raises(InputRefused, match="số tiếp theo phải lớn hơn"):
        reg.set_next("12345", 2026, "QĐ-UBND", 5)
    reg.set_next("12345", 2026, "QĐ-UBND", 40)
    e2 = jobs.print_escapes(docs_ws, tmp_path / "e2.pdf", year=2025, households=["H003"], date=DATE)
    assert e2.numbers == ("08/QĐ-UBND",) and e2.copies == 1  # a reprint keeps its number
    assert reg.last_number("12345", 2026, "QĐ-UBND") == 39


def test_numbering_restarts_each_calendar_year(docs_ws: Workspace, tmp_path: Path) -> None:
    jobs.print_certificates(
        docs_ws, tmp_path / "a.pdf", year=2025, households=["H001"], date=dt.date(2025, 12, 30)
    )
    rep = jobs.print_certificates(docs_ws, tmp_path / "b.pdf", year=2025, households=["H002"], date=DATE)
    assert rep.numbers == ("01/GCN-HN.HCN",)
    assert [(e.year, e.number) for e in Register(docs_ws).entries("12345")] == [(2025, 1), (2026, 1)]


def test_certificate_qr_scans_and_verifies(docs_ws: Workspace, tmp_path: Path) -> None:
    """zbarimg reads the printed QR code; povdesk verifies it against the register."""
    rep = jobs.print_certificates(docs_ws, tmp_path / "a.pdf", year=2025, date=DATE)
    scanned = scan_qr(rep.files[0], tmp_path, page=2)
    assert scanned.startswith("PD1|12345|02/GCN-HN.HCN|20260105|H002|CN|2025|")
    check = verify_qr(docs_ws, scanned)
    assert check.valid, check.reason
    assert "Hộ cận nghèo năm 2025, hộ H002" in check.reason
    # The long certificate's QR sits on its last page, under the signature.
    assert scan_qr(rep.files[0], tmp_path, page=4).split("|")[4] == "H005"


@pytest.mark.parametrize(
    "field, value",
    [(1, "54321"), (2, "09/GCN-HN.HCN"), (3, "20260106"), (4, "H004"), (5, "N"), (6, "2024")],
)
def test_tampered_qr_is_rejected(docs_ws: Workspace, tmp_path: Path, field: int, value: str) -> None:
    """Changing any signed field breaks the MAC."""
    jobs.print_certificates(docs_ws, tmp_path / "a.pdf", year=2025, date=DATE)
    good = _issued_qr(docs_ws, "H002")
    parts = good.split("|")
    parts[field] = value
    check = verify_qr(docs_ws, "|".join(parts))
    assert not check.valid and "Chữ ký không khớp" in check.reason


def _issued_qr(ws: Workspace, ma_ho: str) -> str:
    e = next(e for e in Register(ws).entries("12345") if e.ma_ho == ma_ho)
    code = {"poor": "N", "near_poor": "CN"}[e.klass or ""]
    return sign_payload(Payload("12345", e.number_text, e.issued_on.strftime("%Y%m%d"), ma_ho, code, 2025),
                        KeyStore(ws).signer("12345"))  # fmt: skip


def test_forged_and_unknown_qr(docs_ws: Workspace, tmp_path: Path) -> None:
    """Garbage, a foreign key, a well-signed number the register never issued, a voided one."""
    jobs.print_certificates(docs_ws, tmp_path / "a.pdf", year=2025, date=DATE)
    assert "Không phải mã QR" in verify_qr(docs_ws, "https://example.invalid").reason
    foreign = sign_payload(Payload("12345", "01/GCN-HN.HCN", "20260105", "H001", "N", 2025),
                           HmacSigner("kzzzzzz", b"x" * 32))  # fmt: skip
    assert "không có khóa" in verify_qr(docs_ws, foreign).reason
    signer = KeyStore(docs_ws).signer("12345")
    unissued = sign_payload(Payload("12345", "77/GCN-HN.HCN", "20260105", "H001", "N", 2025), signer)
    assert "không có trong sổ đăng ký" in verify_qr(docs_ws, unissued).reason
    other = sign_payload(Payload("12345", "01/GCN-HN.HCN", "20260105", "H002", "N", 2025), signer)
    assert "hộ khác" in verify_qr(docs_ws, other).reason
    good = _issued_qr(docs_ws, "H001")
    assert verify_qr(docs_ws, good).valid
    reg = Register(docs_ws)
    reg.void(next(e.id for e in reg.entries("12345") if e.ma_ho == "H001"), "sai")
    assert "đã bị hủy" in verify_qr(docs_ws, good).reason


def test_payload_round_trip_escapes_separators() -> None:
    """A household code containing '|' or '%' survives encoding and keeps the MAC valid."""
    signer = HmacSigner("k1", b"s" * 32)
    qr = sign_payload(Payload("12345", "05/QĐ-UBND", "20260105", "A|B%C", "TN", 2025), signer)
    p, message, mac = parse_payload(qr)
    assert p.household == "A|B%C" and p.number == "05/QĐ-UBND" and p.key_id == "k1"
    assert signer.verify(message, mac) and not signer.verify(message + b"x", mac)


def test_commune_key_is_created_once(docs_ws: Workspace) -> None:
    with docs_ws.atomic():
        a = KeyStore(docs_ws).signer("12345")
        b = KeyStore(docs_ws).signer("12345")
    assert a.key_id == b.key_id and a.sign(b"m") == b.sign(b"m")
    assert docs_ws.conn.execute("SELECT count(*) FROM commune_keys").fetchone()[0] == 1
