"""What report builders return and the writers draw: plain, immutable data.

A report is a :class:`ReportDocument` — the issuing body, place and date, a title, and a list of
sections: :class:`ReportTable` (an official-style table with a caption row "A, B, 1, 2, …" and a
totals row), :class:`Chart` (bar or line data — the desktop view and the PDF writer draw it) and
:class:`Paragraph` (sentences such as "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch").

Nothing here knows about SQL, Excel or PDF. Values in table rows are ``str``, ``int``,
``Decimal`` (rates, already rounded half-up to two decimals) or ``None`` (an empty cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from povdesk.text import format_date_long, format_number

ColumnKind = Literal["text", "int", "rate"]
Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Column:
    """One table column. Consecutive columns with the same non-empty ``group`` share a merged
    header cell above their own labels. ``caption`` is the caption-row text ("A", "1",
    "4=3/1*100"). ``width`` is in spreadsheet character units (the PDF scales it)."""

    key: str
    label: str
    caption: str = ""
    group: str = ""
    kind: ColumnKind = "int"
    width: float = 9


@dataclass(frozen=True)
class ReportTable:
    key: str  # "R1", "R2" … (also the start of the sheet name)
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Cell], ...]
    total: Mapping[str, Cell] | None = None
    subtitle: str = ""
    notes: tuple[str, ...] = ()
    sheet: str = ""  # spreadsheet sheet name (≤ 31 characters); defaults to ``key``

    @property
    def sheet_name(self) -> str:
        return (self.sheet or self.key)[:31]

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """Chart data: ``kind`` "bar" (grouped vertical bars) or "line" (one line per series)."""

    key: str
    kind: Literal["bar", "line"]
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "%"  # what the values are: "%" or "hộ"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "heading", "note"] = "body"


Section = ReportTable | Chart | Paragraph


@dataclass(frozen=True)
class ReportDocument:
    """A printable report: Decree-30 header block, title, sections in order."""

    title: str
    issuer: tuple[str, ...] = (
        "ỦY BAN NHÂN DÂN",
    )  # upper-left block, e.g. ("ỦY BAN NHÂN DÂN", "XÃ MINH HÒA")
    place: str = ""  # "Minh Hòa" for the date line "Minh Hòa, ngày … tháng … năm …"
    date: dt.date | None = None
    subtitle: str = ""
    sections: tuple[Section, ...] = field(default=())

    @property
    def tables(self) -> tuple[ReportTable, ...]:
        return tuple(s for s in self.sections if isinstance(s, ReportTable))

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(s for s in self.sections if isinstance(s, Chart))


def cell_text(value: Any, kind: ColumnKind) -> str:
    """How a cell reads on paper and on screen: Vietnamese number format, rates with two decimals."""
    if value is None:
        return ""
    if kind == "rate":
        return format_number(float(value), 2)
    if kind == "int" and isinstance(value, int):
        return format_number(value)
    return str(value)


def place_date_line(place: str, d: dt.date) -> str:
    """ "Minh Hòa, ngày 05 tháng 01 năm 2026" (Decree 30, ô 4)."""
    return f"{place}, {format_date_long(d)}" if place else format_date_long(d)
