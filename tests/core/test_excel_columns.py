"""Column-wise parsing gives exactly what ``fields.parse_value`` gives, cell by cell; the storage
helpers agree with ``povdesk.records``."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from typing import Any

import pytest
from excel_support import GOLDEN

from povdesk.batch import row_digest
from povdesk.excel import import_workbook
from povdesk.excel.checking import household_from_storage
from povdesk.excel.columns import _UNTIDY, ColumnParser, is_legacy_text, is_tidy, to_storage
from povdesk.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, FieldSpec, parse_value
from povdesk.records import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, content_hash, household_from_rows
from povdesk.text import nfc
from povdesk.workspace import Workspace

RAW: list[Any] = [
    "", "  ", None, "có", "Có", "x", "X", "không", "k", "1", "0", 1.0, 0.0, 1, True, False, 2.0, 2.5,
    "1.500.000", "1500000", "1,5", "-3", "abc", "15/10/2025", "2025-10-15", "31/02/2025", "1987",
    "05/1987", dt.date(2025, 10, 15), dt.datetime(2025, 10, 15, 9, 30), "12345", "1234", 12345.0,
    "001162000123", "001 162 000 123", "0011620001", 1162000123.0, "nông thôn", "đô thị", "Hoà",
    "không bền chắc", "KHÔNG BỀN CHẮC", "tivi; radio", "Tivi ;;", "kinh", "Thái", "01", 1.0, "Mông",
    "chủ hộ", "Nữ", "THCS", "thpt", "Nguyễn  Văn\u00a0Hoà\u200b", unicodedata.normalize("NFD", "Lê Thị Bình"),
]  # fmt: skip


def expected(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    try:
        return to_storage(spec, parse_value(spec, raw if raw is not None else "")), None
    except ValueError as e:
        return None, str(e)


@pytest.mark.parametrize("spec", [*HOUSEHOLD_FIELDS, *MEMBER_FIELDS], ids=lambda s: f"{s.code}")
def test_column_parser_matches_parse_value_cell_by_cell(spec: FieldSpec) -> None:
    """Same value, same message as parse_value for every cell — across chunks and mixed types
    (True, 1 and 1.0 are equal keys in a dict but not the same cell)."""
    cells = [c if c is not None else "" for c in RAW]
    random.Random(spec.code).shuffle(cells)
    parser = ColumnParser(spec)
    parser.feed(cells[:20])
    parser.feed(cells[20:])
    col = parser.column
    errors = {i: msg for i, msg, _ in col.errors}
    for i, cell in enumerate(cells):
        value, message = expected(spec, cell)
        assert (col.values[i], errors.get(i)) == (value, message), (spec.code, cell)


def test_clean_text_fast_path_equals_nfc() -> None:
    """Free-text columns: clean chunks are taken as they are; any untidy cell falls back; the
    result equals nfc() of each cell either way."""
    rng = random.Random(7)
    pieces = ["Nguyễn", "Văn", "Hoà", "Thị", " ", "  ", "\u00a0", "\u200b", "\t", "e\u0301", "Ð", "x"]
    spec = next(f for f in MEMBER_FIELDS if f.code == "ho_ten")
    for _ in range(200):
        cells = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(8)]
        parser = ColumnParser(spec)
        parser.feed(cells)
        assert parser.column.values == [nfc(c) or None for c in cells]


def test_untidy_class_covers_what_nfc_changes() -> None:
    """Every whitespace character but the space, and every invisible one nfc() drops, is found."""
    for i in range(0x10000):
        ch = chr(i)
        changed = nfc(f"a{ch}b") != f"a{ch}b" and not unicodedata.combining(ch)
        if changed and unicodedata.is_normalized("NFC", f"a{ch}b"):
            assert _UNTIDY.search(ch) or ch == " ", hex(i)
    assert is_tidy("Nguyễn Văn Hoà\x00Lê Thị Bình") and not is_tidy("Nguyễn  Văn")


@pytest.mark.parametrize(
    ("text", "legacy"),
    [("NguyÔn V¨n An", True), ("Th«n §«ng", True), ("Haø Noäi", True), ("Nguyeãn Vaên", True),
     ("Nguyễn Văn An", False), ("Đào Thị Hoà", False), ("Nguyen Van An", False), ("Hồ Chí Minh", False),
     ("Ðào Hoa", False)],
)  # fmt: skip
def test_legacy_encodings_are_recognised(text: str, legacy: bool) -> None:
    """TCVN3 (ABC) and VNI text is told apart from Unicode Vietnamese."""
    assert is_legacy_text(text) is legacy


def test_x_marks_are_noticed_per_column() -> None:
    """A yes/no column with an x anywhere switches on the x/empty convention (decided later)."""
    spec = next(f for f in MEMBER_FIELDS if f.code == "bhyt")
    marked, plain = ColumnParser(spec), ColumnParser(spec)
    marked.feed(["", "có"])
    marked.feed(["X", ""])
    plain.feed(["có", "", "không"])
    assert marked.column.saw_x and not plain.column.saw_x


def test_storage_helpers_agree_with_records(ws: Workspace) -> None:
    """row_digest == content_hash and household_from_storage == household_from_rows."""
    import_workbook(ws, GOLDEN)
    for hid in ws.households.ids():
        hrow, mrows = ws.households._rows(hid)
        htuple = tuple(hrow[c] for c in HOUSEHOLD_COLUMNS)
        mtuples = [tuple(m[c] for c in MEMBER_COLUMNS) for m in mrows]
        assert row_digest(htuple, mtuples) == content_hash(hrow, mrows)
        assert household_from_storage(htuple, mtuples) == household_from_rows(hrow, mrows)
