"""Workbook cells → stored values, one column at a time (the glue between calamine and fields.py).

Every cell is interpreted by :func:`povdesk.fields.parse_value`, so a workbook, the CLI's JSON
input and the desktop editor give the same value and the same Vietnamese message for the same
input. What this module adds is speed: a column is parsed once per *distinct* cell value (a
province workbook has 300,000 ``bhyt`` cells but three distinct ones), and free-text columns
whose cells are already clean (NFC, single spaces, no invisible characters — checked with one
regular-expression pass over the joined column) are taken as they are, which is exactly what
``parse_value`` would return for them.

Values are kept in *storage form* (:mod:`povdesk.records`: ISO dates, ``1``/``0`` for yes/no,
``"; "``-joined lists, birth dates as ``YYYY[-MM[-DD]]``), with ``None`` for a blank or bad cell.

Traps: ``True == 1 == 1.0`` in a dict, so distinct values are keyed by type unless the column
holds text only; and the *x/empty* yes/no convention can only be decided once the whole column
has been seen (:attr:`ColumnParser.saw_x`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from povdesk.fields import FieldSpec, parse_value
from povdesk.records import LIST_SEP, birth_to_text
from povdesk.text import PartialDate

# Characters that never occur in Vietnamese written in Unicode but fill text typed in the legacy
# 8-bit encodings TCVN3 (ABC, fonts .VnTime…) and VNI (VNI-Times…), e.g. "NguyÔn V¨n" or "Haø Noäi".
# (Ð, the Icelandic eth, is left out: people type it for Đ in otherwise fine Unicode text.)
_LEGACY_CHARS = "¡¢£¤¥¦§¨©ª«¬\xad®¯±´µ¶¸¹º»¼½¾¿ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïðñöøûüþÿ"
_LEGACY = re.compile(f"[{_LEGACY_CHARS}]")
_LEGACY_PAIRS = ("aâ", "eâ", "oâ", "aê", "AÂ", "EÂ", "OÂ", "AÊ")  # VNI: a vowel, then its mark
# Letters only Unicode Vietnamese has: their presence means the text is not legacy-encoded.
_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
LEGACY_MESSAGE = (
    "Chữ có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI, phông .VnTime, VNI-Times…), không phải "
    "Unicode: hãy chuyển mã sang Unicode (ví dụ Unikey → Công cụ chuyển mã) rồi nhập lại"
)

# Characters :func:`povdesk.text.nfc` drops or turns into a space: invisible ones and every
# whitespace character but the space (str.isspace(), Unicode 15). One character class is an
# order of magnitude faster to search than an alternation.
_UNTIDY = re.compile(
    "[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2066-\u2069\u3000\ufeff]"
)
_DIGITS = re.compile(r"[0-9]*(?:\x00[0-9]*)*", re.ASCII)
_NUMERIC = frozenset({bool, int, float})
_SEP = "\x00"


def is_legacy_text(s: str) -> bool:
    """True if ``s`` looks like TCVN3/VNI-encoded Vietnamese rather than Unicode."""
    suspicious = _LEGACY.search(s) is not None or any(p in s for p in _LEGACY_PAIRS)
    return suspicious and _VIETNAMESE.search(s) is None


def is_tidy(joined: str) -> bool:
    """True if every NUL-separated part of ``joined`` is already what :func:`nfc` returns."""
    return (
        _UNTIDY.search(joined) is None
        and "  " not in joined
        and " \x00" not in joined
        and "\x00 " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and unicodedata.is_normalized("NFC", joined)
    )


def to_storage(spec: FieldSpec, value: Any) -> Any:
    """A parsed value (:func:`parse_value`) in storage form; ``None`` stays ``None``."""
    if value is None:
        return None
    kind = spec.kind
    if kind == "date":
        return value.isoformat()
    if kind == "birth":
        return birth_to_text(value)
    if kind == "bool":
        return int(value)
    if kind == "list":
        return LIST_SEP.join(value)
    return value


def shown(raw: Any) -> str:
    """A cell value as the user would recognise it in a message (dates as dd/mm/yyyy)."""
    if isinstance(raw, dt.datetime) and not (raw.hour or raw.minute or raw.second):
        raw = raw.date()
    if isinstance(raw, dt.date):
        s = raw.strftime("%d/%m/%Y")
    elif isinstance(raw, float) and raw.is_integer():
        s = str(int(raw))
    else:
        s = str(raw)
    return s if len(s) <= 60 else s[:57] + "…"


@dataclass
class Column:
    """One parsed column: ``values[i]`` belongs to data row ``i`` of the sheet."""

    spec: FieldSpec
    values: list[Any] = field(default_factory=list)
    errors: list[tuple[int, str, Any]] = field(default_factory=list)  # (row index, message, raw)
    saw_x: bool = False


class ColumnParser:
    """Parses successive chunks of one column, remembering distinct values across chunks."""

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec
        self.column = Column(spec)
        self._table: dict[Any, Any] = {}  # key -> storage value (None if bad)
        self._bad: dict[Any, str] = {}  # key -> message
        # unique-ish text: take clean cells as they are (ma_xa has few values and a format check)
        self._fast = spec.kind in ("text", "person_id") or (spec.kind == "code" and spec.code != "ma_xa")
        self._numeric: set[type] = set()  # number/boolean cell types seen so far

    def feed(self, cells: Sequence[Any]) -> None:
        if self._fast and self._feed_clean(cells):
            return
        self._numeric |= set(map(type, cells)) & _NUMERIC
        keys: Sequence[Any] = cells
        if len(self._numeric) > 1:
            # distinct values must not merge across types (True == 1 == 1.0)
            keys = [c if c.__class__ is str else (c.__class__, c) for c in cells]
        table = self._table
        for key in set(keys).difference(table):
            self._learn(key)
        base = len(self.column.values)
        self.column.values.extend(map(table.__getitem__, keys))
        bad = self._bad
        if bad and not bad.keys().isdisjoint(keys):
            self.column.errors.extend((base + i, bad[k], cells[i]) for i, k in enumerate(keys) if k in bad)

    def _learn(self, key: Any) -> None:
        raw = key[1] if isinstance(key, tuple) else key
        if isinstance(raw, str):
            if self.spec.kind == "bool" and raw.strip().lower() == "x":
                self.column.saw_x = True
            if is_legacy_text(raw):
                self._table[key] = None
                self._bad[key] = LEGACY_MESSAGE
                return
        try:
            self._table[key] = to_storage(self.spec, parse_value(self.spec, raw))
        except ValueError as e:
            self._table[key] = None
            self._bad[key] = str(e)

    def _feed_clean(self, cells: Sequence[Any]) -> bool:
        """Take already-clean text cells as they are (what ``parse_value`` would return)."""
        try:
            joined = _SEP.join(cells)
        except TypeError:  # a number, date or boolean cell: parse cell by cell
            return False
        if self.spec.kind == "person_id":
            if not _DIGITS.fullmatch(joined) or not set(map(len, cells)) <= {0, 9, 12}:
                return False
        elif not is_tidy(joined) or _LEGACY.search(joined) or any(p in joined for p in _LEGACY_PAIRS):
            return False
        self.column.values.extend([c or None for c in cells])
        return True


def to_domain(spec: FieldSpec, value: Any) -> Any:
    """The parsed (domain) value of a storage-form value (inverse of :func:`to_storage`)."""
    if value is None:
        return None
    kind = spec.kind
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "birth":
        return PartialDate(*(int(p) for p in value.split("-")))
    if kind == "bool":
        return bool(value)
    if kind == "list":
        return tuple(value.split(LIST_SEP)) if value else ()
    return value


def display(spec: FieldSpec, value: Any) -> str | None:
    """A storage-form value as a user reads it (dd/mm/yyyy, có/không), for problem reports."""
    if value is None:
        return None
    d = to_domain(spec, value)
    if isinstance(d, bool):
        return "có" if d else "không"
    if isinstance(d, dt.date):
        return d.strftime("%d/%m/%Y")
    if isinstance(d, tuple):
        return "; ".join(d)
    return str(d)
