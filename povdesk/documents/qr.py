"""QR codes that prove a certificate came from the commune's register.

Payload (text, version 1), fields separated by ``|`` (``%`` and ``|`` inside a field are
percent-encoded)::

    PD1|12345|05/GCN-HN.HCN|20260105|H001|N|2025|k3f9a1c|<MAC>

commune code · number/symbol · issue date · household code · class (N nghèo, CN cận nghèo,
TN thoát nghèo, TCN thoát cận nghèo) · review year · key id · MAC over everything before the
last ``|``. The MAC comes from a :class:`Signer` holding the commune's key (stored in the
database, table ``commune_keys``); today that is HMAC-SHA256 truncated to 128 bits, base32. The
sync work will bring Ed25519 commune keys: a new signer class with the same two methods and a new
``algorithm`` value in ``commune_keys``, nothing else changes.

Only a database holding the commune's key can verify an HMAC (it is a shared secret): that is
the commune's own database and the copies synced from it. Ed25519 will let anyone with the
public key verify.

The QR matrix comes from ``segno`` with a fixed mask (mask evaluation is 80 % of segno's time;
any mask is valid for decoders) and is drawn as one PDF path of horizontal runs — reportlab's QR
widget costs ≈ 21 ms a code (perf-notes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from povdesk.domain import HouseholdClass

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

PREFIX = "PD1"
HMAC_ALGORITHM = "HMAC-SHA256-128"

CLASS_CODES = {"N": "hộ nghèo", "CN": "hộ cận nghèo", "TN": "hộ thoát nghèo", "TCN": "hộ thoát cận nghèo"}
CERT_CODES = {HouseholdClass.POOR: "N", HouseholdClass.NEAR_POOR: "CN"}
ESCAPE_CODES = {HouseholdClass.POOR: "TN", HouseholdClass.NEAR_POOR: "TCN"}  # by last year's class


class Signer(Protocol):
    """Signs payloads with one commune key."""

    @property
    def key_id(self) -> str: ...

    @property
    def algorithm(self) -> str: ...

    def sign(self, message: bytes) -> str: ...

    def verify(self, message: bytes, signature: str) -> bool: ...


@dataclass(frozen=True)
class HmacSigner:
    key_id: str
    secret: bytes
    algorithm: str = HMAC_ALGORITHM

    def sign(self, message: bytes) -> str:
        mac = hmac.new(self.secret, message, hashlib.sha256).digest()[:16]
        return base64.b32encode(mac).decode("ascii").rstrip("=")

    def verify(self, message: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message), signature.strip().upper())


_SIGNERS: dict[str, type[HmacSigner]] = {HMAC_ALGORITHM: HmacSigner}


class KeyStore:
    """The commune keys in the database. ``signer`` creates a key on first use (inside the
    caller's transaction); ``verifier`` only reads."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def signer(self, commune: str) -> Signer:
        row = self.ws.conn.execute(
            "SELECT key_id, algorithm, secret FROM commune_keys WHERE commune_code=? AND active=1"
            " ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (commune,),
        ).fetchone()
        if row is None:
            from povdesk.households import now_iso

            key_id = "k" + secrets.token_hex(3)
            secret = secrets.token_bytes(32)
            self.ws.conn.execute(
                "INSERT INTO commune_keys (commune_code, key_id, algorithm, secret, created_at, active)"
                " VALUES (?,?,?,?,?,1)",
                (commune, key_id, HMAC_ALGORITHM, secret, now_iso()),
            )
            row = (key_id, HMAC_ALGORITHM, secret)
        return _SIGNERS[row[1]](row[0], bytes(row[2]))

    def verifier(self, commune: str, key_id: str) -> Signer | None:
        """The key named in a payload. Looked up by id alone: the MAC covers the commune field,
        so a payload moved to another commune fails as a bad signature, not as an unknown key."""
        row = self.ws.conn.execute(
            "SELECT key_id, algorithm, secret FROM commune_keys WHERE key_id=?"
            " ORDER BY commune_code=? DESC LIMIT 1",
            (key_id, commune),
        ).fetchone()
        if row is None or row[1] not in _SIGNERS:
            return None
        return _SIGNERS[row[1]](row[0], bytes(row[2]))


# --- payload ---------------------------------------------------------------------------------


def _esc(s: str) -> str:
    return s.replace("%", "%25").replace("|", "%7C")


def _unesc(s: str) -> str:
    return s.replace("%7C", "|").replace("%7c", "|").replace("%25", "%")


@dataclass(frozen=True)
class Payload:
    commune: str
    number: str  # "05/GCN-HN.HCN"
    issued: str  # "20260105"
    household: str
    klass: str  # one of CLASS_CODES
    year: int  # review year
    key_id: str = ""

    def fields(self) -> list[str]:
        return [PREFIX, self.commune, self.number, self.issued, self.household, self.klass,
                str(self.year), self.key_id]  # fmt: skip

    def message(self) -> bytes:
        return "|".join(_esc(f) for f in self.fields()).encode("utf-8")

    @property
    def issue_year(self) -> int:
        return int(self.issued[:4])

    @property
    def number_parts(self) -> tuple[int, str]:
        n, _, symbol = self.number.partition("/")
        return int(n), symbol

    @property
    def class_label(self) -> str:
        return CLASS_CODES.get(self.klass, self.klass)


def sign_payload(p: Payload, signer: Signer) -> str:
    """The QR text: payload fields with the signer's key id, then the MAC."""
    q = Payload(p.commune, p.number, p.issued, p.household, p.klass, p.year, signer.key_id)
    message = q.message()
    return message.decode("utf-8") + "|" + signer.sign(message)


class PayloadError(ValueError):
    """The text is not a povdesk QR payload (message in Vietnamese)."""


def parse_payload(text: str) -> tuple[Payload, bytes, str]:
    """(payload, signed message, MAC) from QR text; :class:`PayloadError` if malformed."""
    t = text.strip()
    parts = t.split("|")
    if len(parts) != 9 or parts[0] != PREFIX:
        raise PayloadError("Không phải mã QR của povdesk (sai định dạng)")
    commune, number, issued, household, klass, year, key_id = (_unesc(p) for p in parts[1:8])
    if not (year.isdigit() and len(issued) == 8 and issued.isdigit() and "/" in number):
        raise PayloadError("Mã QR hỏng: năm, ngày hoặc số văn bản không đọc được")
    if klass not in CLASS_CODES:
        raise PayloadError(f"Mã QR hỏng: loại hộ '{klass}' không hợp lệ")
    try:
        int(number.partition("/")[0])
    except ValueError:
        raise PayloadError("Mã QR hỏng: số văn bản không đọc được") from None
    p = Payload(commune, number, issued, household, klass, int(year), key_id)
    return p, t.rsplit("|", 1)[0].encode("utf-8"), parts[8]


# --- drawing ---------------------------------------------------------------------------------


def qr_matrix(text: str) -> tuple[bytearray, ...] | Any:
    """Module matrix (rows of 0/1, no quiet zone) for ``text`` at error level M."""
    import segno

    return segno.make(text, error="m", micro=False, boost_error=False, mask=0).matrix


def qr_path(matrix: Any, x: float, y: float, size: float) -> str:
    """PDF operators filling the dark modules as horizontal runs, scaled to ``size`` points
    with the lower-left corner at (x, y). One ``re`` per run, one fill for the whole code."""
    n = len(matrix)
    m = size / n
    ops = [f"q 0 g {m:.4f} 0 0 {m:.4f} {x:.2f} {y:.2f} cm"]
    for r, row in enumerate(matrix):
        yy = n - 1 - r
        start = -1
        for col in range(n + 1):
            dark = col < n and row[col]
            if dark and start < 0:
                start = col
            elif not dark and start >= 0:
                ops.append(f"{start} {yy} {col - start} 1 re")
                start = -1
    ops.append("f Q")
    return "\n".join(ops)


def draw_qr(c: Any, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of ``text`` on canvas ``c`` (lower-left at x, y; ``size`` points wide)."""
    c.addLiteral(qr_path(qr_matrix(text), x, y, size))


def mac_hex(signature: str) -> str:
    """The MAC as hex (for display); "" when it is not base32."""
    try:
        pad = "=" * (-len(signature) % 8)
        return base64.b32decode(signature + pad).hex()
    except (binascii.Error, ValueError):
        return ""
