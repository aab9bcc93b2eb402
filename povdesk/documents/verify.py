"""Check a certificate's QR code against this database (``povdesk verify-qr``, the verify screen).

Valid means: the text is a povdesk payload, its MAC verifies with the commune key it names, and
the register holds that number, issued on that date, for that household, class and review year,
and not voided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from povdesk.documents.qr import KeyStore, Payload, PayloadError, parse_payload
from povdesk.documents.register import VOIDED, Register, RegisterEntry

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class QrCheck:
    valid: bool
    reason: str  # Vietnamese, for the person checking
    payload: Payload | None = None
    entry: RegisterEntry | None = None

    def as_json(self) -> dict[str, Any]:
        p = self.payload
        return {
            "valid": self.valid,
            "reason": self.reason,
            "commune": p.commune if p else None,
            "number": p.number if p else None,
            "issued": f"{p.issued[6:]}/{p.issued[4:6]}/{p.issued[:4]}" if p else None,
            "household": p.household if p else None,
            "class": p.class_label if p else None,
            "year": p.year if p else None,
            "key_id": p.key_id if p else None,
        }


def verify_qr(ws: Workspace, text: str) -> QrCheck:
    """Verify QR text; never raises for bad input (the reason says what is wrong)."""
    try:
        p, message, mac = parse_payload(text)
    except PayloadError as e:
        return QrCheck(False, str(e))
    signer = KeyStore(ws).verifier(p.commune, p.key_id)
    if signer is None:
        return QrCheck(False, f"Dữ liệu này không có khóa '{p.key_id}' của xã {p.commune}: không kiểm tra được "
                              "(hãy kiểm tra trên máy của xã cấp giấy)", p)  # fmt: skip
    if not signer.verify(message, mac):
        return QrCheck(False, "Chữ ký không khớp: nội dung mã QR đã bị sửa hoặc mã bị làm giả", p)
    try:
        n, series = p.number_parts
    except ValueError:
        return QrCheck(False, "Số văn bản trong mã QR không đọc được", p)
    entry = Register(ws).lookup(p.commune, p.issue_year, series, n)
    if entry is None:
        return QrCheck(
            False, f"Chữ ký đúng nhưng số {p.number} năm {p.issue_year} không có trong sổ đăng ký", p
        )
    if (entry.ma_ho, entry.review_year, entry.issued_on.strftime("%Y%m%d")) != (
        p.household,
        p.year,
        p.issued,
    ):
        return QrCheck(False, f"Số {p.number} trong sổ đăng ký cấp cho hộ khác hoặc năm khác", p, entry)
    if entry.status == VOIDED:
        return QrCheck(False, f"Văn bản số {p.number} đã bị hủy", p, entry)
    when = f"{p.issued[6:]}/{p.issued[4:6]}/{p.issued[:4]}"
    return QrCheck(True, f"{p.class_label.capitalize()} năm {p.year}, hộ {p.household}, xã {p.commune}, "
                         f"số {p.number} cấp ngày {when}", p, entry)  # fmt: skip
