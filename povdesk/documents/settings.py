"""Per-commune settings for official documents (table ``commune_settings``, key → value).

What a commune's documents need that the household data does not say: the names of its
chairman and deputy, who signs, the decision symbol (``QĐ-UBND`` or ``QĐ-CT`` — a local choice),
the recipients ("Nơi nhận"), the place name of the date line, the header lines. Every key has a
default derived from the commune's name, so a fresh commune prints something sensible with
blanks where a name is unknown.

Keys (values are text; list values separate items with ``|`` or new lines):

* ``ten_co_quan`` — issuing body lines, default ``ỦY BAN NHÂN DÂN|XÃ MINH HÒA``
* ``co_quan_chu_quan`` — parent body lines above it (default none)
* ``chu_tich`` / ``pho_chu_tich`` — full names
* ``nguoi_ky`` — ``chu_tich`` or ``pho_chu_tich`` (``KT. CHỦ TỊCH / PHÓ CHỦ TỊCH``)
* ``ky_hieu`` — decision symbol, ``QĐ-UBND`` (default) or ``QĐ-CT``
* ``noi_nhan`` — recipients after "Như Điều 3"; "Lưu: VT" is always last
* ``dia_danh`` — place name of the date line (default: the commune name without "Xã")
* ``de_nghi`` — "Theo đề nghị của …"
* ``thi_hanh`` — who implements the decision (Điều 3)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from povdesk.changes import Changes
from povdesk.documents.layout import Signature
from povdesk.documents.viewmodels import Issuer
from povdesk.domain import Commune
from povdesk.errors import InputRefused, NotFound, Problem, ValidationError
from povdesk.text import nfc

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

CHAIRMAN, DEPUTY = "chu_tich", "pho_chu_tich"
_UNIT_TYPES = ("đặc khu", "phường", "thị trấn", "xã")
_SYMBOL_RE = re.compile(r"QĐ-[A-ZĐ]{2,10}")


@dataclass(frozen=True)
class SettingKey:
    label: str
    check: Callable[[str], str]  # normalise or raise ValueError (Vietnamese)


def _text(v: str) -> str:
    return " ".join(nfc(v).split())


def _lines(v: str) -> str:
    parts = [_text(p) for p in re.split(r"[|\n]", nfc(v))]
    return "\n".join(p for p in parts if p)


def _signer(v: str) -> str:
    k = _text(v).lower().replace(" ", "_")
    aliases = {"chu_tich": CHAIRMAN, "chủ_tịch": CHAIRMAN, "ct": CHAIRMAN,
               "pho_chu_tich": DEPUTY, "phó_chủ_tịch": DEPUTY, "pct": DEPUTY}  # fmt: skip
    if k not in aliases:
        raise ValueError("cần 'chu_tich' hoặc 'pho_chu_tich'")
    return aliases[k]


def _symbol(v: str) -> str:
    s = _text(v).upper().replace("QD-", "QĐ-")
    if not _SYMBOL_RE.fullmatch(s):
        raise ValueError("cần ký hiệu dạng QĐ-UBND hoặc QĐ-CT")
    return s


KEYS: dict[str, SettingKey] = {
    "ten_co_quan": SettingKey("Tên cơ quan ban hành (các dòng, cách nhau |)", _lines),
    "co_quan_chu_quan": SettingKey("Cơ quan chủ quản (nếu có)", _lines),
    "chu_tich": SettingKey("Họ tên Chủ tịch UBND", _text),
    "pho_chu_tich": SettingKey("Họ tên Phó Chủ tịch UBND", _text),
    "nguoi_ky": SettingKey("Người ký (chu_tich / pho_chu_tich)", _signer),
    "ky_hieu": SettingKey("Ký hiệu quyết định (QĐ-UBND / QĐ-CT)", _symbol),
    "noi_nhan": SettingKey("Nơi nhận (cách nhau |; 'Lưu: VT' luôn ở cuối)", _lines),
    "dia_danh": SettingKey("Địa danh ghi ở dòng ngày tháng", _text),
    "de_nghi": SettingKey("Theo đề nghị của", _text),
    "thi_hanh": SettingKey("Cơ quan, cá nhân thi hành (Điều 3)", _text),
}

DEFAULT_RECIPIENTS = (
    "UBND tỉnh (để báo cáo)\nSở Nông nghiệp và Môi trường (để báo cáo)\nThường trực Đảng ủy, HĐND xã"
)
DEFAULT_PROPOSER = "Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo {unit}"
DEFAULT_EXECUTORS = (
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {unit}, Ban Chỉ đạo rà soát hộ nghèo, hộ cận "
    "nghèo {unit}, Trưởng các thôn, tổ dân phố và các hộ gia đình có tên tại Điều 1"
)


def split_unit(commune_name: str) -> tuple[str, str]:
    """("xã", "Minh Hòa") from "Xã Minh Hòa"; a name without a unit word is taken as a xã."""
    name = _text(commune_name)
    low = name.lower()
    for t in _UNIT_TYPES:
        if low.startswith(t + " "):
            return t, name[len(t) + 1 :]
    return "xã", name


def default_place(unit_type: str, unit_name: str) -> str:
    """Decree 30: the commune's name; a numbered unit keeps its type ("Phường 3")."""
    return f"{unit_type.capitalize()} {unit_name}" if unit_name[:1].isdigit() else unit_name


class CommuneSettings:
    """``CommuneSettings(ws)``: read and change one commune's document settings."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def stored(self, code: str) -> dict[str, str]:
        rows = self.ws.conn.execute(
            "SELECT key, value FROM commune_settings WHERE commune_code=?", (code,)
        ).fetchall()
        return {k: v for k, v in rows}

    def values(self, code: str) -> dict[str, str]:
        """Every key with its value (stored, else the default; "" where none)."""
        commune = self.ws.communes.get(code)
        return {**self.defaults(commune), **self.stored(code)}

    @staticmethod
    def defaults(c: Commune) -> dict[str, str]:
        unit_type, unit_name = split_unit(c.name)
        unit = f"{unit_type} {unit_name}"
        return {
            "ten_co_quan": f"ỦY BAN NHÂN DÂN\n{unit.upper()}",
            "co_quan_chu_quan": "",
            "chu_tich": "",
            "pho_chu_tich": "",
            "nguoi_ky": CHAIRMAN,
            "ky_hieu": "QĐ-UBND",
            "noi_nhan": DEFAULT_RECIPIENTS,
            "dia_danh": default_place(unit_type, unit_name),
            "de_nghi": DEFAULT_PROPOSER.format(unit=unit_type),
            "thi_hanh": DEFAULT_EXECUTORS.format(unit=unit_type),
        }

    def set(self, code: str, changes: Mapping[str, str]) -> Changes:
        """Check every value, then store them all in one operation (or nothing)."""
        try:
            self.ws.communes.get(code)
        except NotFound as e:
            raise InputRefused(str(e)) from None
        problems, clean = [], {}
        for key, value in changes.items():
            spec = KEYS.get(key)
            if spec is None:
                problems.append(Problem(f"Không có thiết lập '{key}' (có: {', '.join(KEYS)})", field=key))
                continue
            try:
                clean[key] = spec.check(value)
            except ValueError as e:
                problems.append(Problem(f"Giá trị không hợp lệ: {e}", field=key, value=value))
        if problems:
            raise ValidationError(problems, "Thiết lập văn bản bị từ chối, không có gì thay đổi")
        from povdesk.households import now_iso

        self.ws.users.require("setting.change")
        old = self.values(code)
        with self.ws.operation("Thiết lập văn bản của xã", f"{code}: {', '.join(clean)}"):
            self.ws.conn.executemany(
                "INSERT INTO commune_settings (commune_code, key, value, updated_at) VALUES (?,?,?,?)"
                " ON CONFLICT(commune_code, key) DO UPDATE SET value=excluded.value,"
                " updated_at=excluded.updated_at",
                [(code, k, v, now_iso()) for k, v in clean.items()],
            )
            for k, v in clean.items():
                if old.get(k) != v:
                    self.ws.audit.record(
                        "commune_setting.set", "commune", code, field=k, old=old.get(k), new=v
                    )
        return Changes(communes=True)

    def issuer(self, code: str) -> Issuer:
        """The commune as its documents present it."""
        commune = self.ws.communes.get(code)
        v = self.values(code)
        unit_type, unit_name = split_unit(commune.name)
        return Issuer(
            commune_code=code,
            unit_type=unit_type,
            unit_name=unit_name,
            body=tuple(v["ten_co_quan"].upper().split("\n")),
            parent=tuple(p for p in v["co_quan_chu_quan"].upper().split("\n") if p),
            place=v["dia_danh"],
            decision_symbol=v["ky_hieu"],
            signature=signature_for(v),
            recipients=tuple(r for r in v["noi_nhan"].split("\n") if r),
            proposer=v["de_nghi"],
            executors=v["thi_hanh"],
        )


def signature_for(v: Mapping[str, str], *, on_behalf: bool = False) -> Signature:
    """CHỦ TỊCH (chairman signs) or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH (deputy signs for him).

    ``on_behalf`` prefixes ``TM. ỦY BAN NHÂN DÂN`` (documents of the committee as a body)."""
    deputy = v.get("nguoi_ky") == DEPUTY
    cap: tuple[str, ...] = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") if deputy else ("CHỦ TỊCH",)
    if on_behalf:
        cap = ("TM. ỦY BAN NHÂN DÂN", *cap)
    return Signature(cap, v.get("pho_chu_tich" if deputy else "chu_tich", ""))
