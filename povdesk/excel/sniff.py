"""Is this file a workbook we can read? Clear Vietnamese answers before calamine is asked.

Users rename CSV files to ``.xlsx``, e-mail half-downloaded files, password-protect workbooks
and zip folders; calamine's own errors ("invalid zip header") mean nothing to them. Also finds
formula cells, which calamine reads as their cached values (or as nothing) without saying so.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from povdesk.errors import Problem, ValidationError

XLSX, XLS, ODS = "xlsx", "xls", "ods"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def refuse(message: str) -> ValidationError:
    return ValidationError([Problem(message)], "Không đọc được tệp, không có gì được nhập")


def sniff(path: Path) -> str:
    """The workbook kind of ``path`` (:data:`XLSX`, :data:`XLS` or :data:`ODS`), or a
    :class:`ValidationError` saying in Vietnamese what the file is instead."""
    name = path.name
    if not path.exists():
        raise refuse(f"Không tìm thấy tệp '{name}'")
    if path.is_dir():
        raise refuse(f"'{name}' là một thư mục, không phải sổ Excel")
    with path.open("rb") as f:
        head = f.read(8)
        f.seek(0)
        block = f.read(1 << 16)
    if not head:
        raise refuse(f"Tệp '{name}' rỗng (0 byte), không phải sổ Excel")
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head == _OLE:
        if _ENCRYPTED in block or _ole_has_stream(path, _ENCRYPTED):
            raise refuse(
                f"Tệp '{name}' được đặt mật khẩu mở: hãy mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → "
                "Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi nhập"
            )
        return XLS
    if _looks_like_text(block):
        raise refuse(
            f"Tệp '{name}' là tệp văn bản (CSV hoặc tương tự), không phải sổ Excel: hãy mở bằng "
            "Excel rồi lưu dưới dạng Sổ làm việc Excel (.xlsx)"
        )
    raise refuse(f"Tệp '{name}' không phải sổ Excel (.xlsx)")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        raise refuse(
            f"Tệp '{path.name}' bị hỏng hoặc không đầy đủ (có thể tải về hay sao chép chưa xong): "
            "không mở được như sổ Excel .xlsx"
        ) from None
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return ODS
    if _workbook_part(names) is None:
        raise refuse(f"Tệp '{path.name}' là tệp nén (.zip) nhưng không phải sổ Excel .xlsx")
    return XLSX


def _ole_has_stream(path: Path, name: bytes) -> bool:
    """Search the compound file's directory (small files only) for a stream name."""
    if path.stat().st_size > 64 << 20:
        return False
    return name in path.read_bytes()


def _looks_like_text(block: bytes) -> bool:
    if b"\x00" in block:
        return False
    try:
        block.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(block) - 4:  # a multibyte character cut at the block end is fine
            return False
    return True


def _workbook_part(names: set[str]) -> str | None:
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    return next((n for n in names if n.endswith("/workbook.xml") or n.endswith("/workbook.bin")), None)


# --- formula cells --------------------------------------------------------------------------

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_CHUNK = 1 << 22


def column_index(letters: str) -> int:
    """0-based index of an Excel column name ("A" → 0, "AA" → 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(index: int) -> str:
    """Excel column name of a 0-based index (0 → "A", 26 → "AA")."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its XML, from the workbook part and its relationships."""
    wb_part = _workbook_part(set(z.namelist())) or "xl/workbook.xml"
    base = posixpath.dirname(wb_part)
    rels_name = posixpath.join(base, "_rels", posixpath.basename(wb_part) + ".rels")
    targets: dict[str, str] = {}
    for el in ElementTree.fromstring(z.read(rels_name)).iter():
        if el.tag.endswith("Relationship") and el.get("Id") and el.get("Target"):
            target = el.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            targets[el.get("Id", "")] = posixpath.normpath(path)
    out: dict[str, str] = {}
    for el in ElementTree.fromstring(z.read(wb_part)).iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets and el.get("name"):
                out[el.get("name", "")] = targets[rid]
    return out


def formula_cells(path: Path, sheets: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Formula cells of the named sheets of an xlsx file: ``{sheet: [(row0, col0, formula)]}``.

    Streams each sheet's XML (no full parse); a sheet without formulas costs one fast scan.
    """
    out: dict[str, list[tuple[int, int, str]]] = {}
    with zipfile.ZipFile(path) as z:
        parts = sheet_parts(z)
        for name in sheets:
            part = parts.get(name)
            if part is not None:
                out[name] = list(_scan(z, part))
    return out


def _scan(z: zipfile.ZipFile, part: str) -> Iterator[tuple[int, int, str]]:
    buf = b""
    with z.open(part) as f:
        while True:
            chunk = f.read(_CHUNK)
            buf += chunk
            cut = len(buf) if not chunk else buf.rfind(b"row>") + 4
            if cut <= 3:  # no complete row yet
                if not chunk:
                    break
                continue
            body, buf = buf[:cut], buf[cut:]
            if b"<f" in body or b":f" in body:
                yield from _formulas(body)
            if not chunk:
                break


def _formulas(body: bytes) -> Iterator[tuple[int, int, str]]:
    for cell in _CELL.finditer(body):
        inner = cell.group(2)
        if not inner:
            continue
        f = _FORMULA.search(inner)
        if f is None:
            continue
        ref = _REF.search(cell.group(1))
        if ref is None:
            yield (-1, -1, _text(f.group(1)))
            continue
        yield (int(ref.group(2)) - 1, column_index(ref.group(1).decode()), _text(f.group(1)))


def _text(b: bytes | None) -> str:
    s = (b or b"").decode("utf-8", "replace")
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
