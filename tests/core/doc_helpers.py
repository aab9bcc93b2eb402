"""Helpers for the document tests: a workspace with households of every kind the documents
show, and readers that look at a PDF the way a person does (poppler's pdftotext / pdffonts,
pypdf for pages, pdfplumber for positions and sizes, zbarimg for the QR code)."""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from povdesk.documents.settings import CommuneSettings
from povdesk.domain import Commune
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace

MM = 72 / 25.4
A4 = (595.2756, 841.8898)
DATE = dt.date(2026, 1, 5)


def _child(stt: int, name: str, born: str) -> dict[str, Any]:
    return {"stt": stt, "ho_ten": name, "quan_he": "con", "gioi_tinh": "nữ", "ngay_sinh": born, "bhyt": "có",
            "dang_di_hoc": "có", "dan_toc": "Tày", "trinh_do": "tiểu học"}  # fmt: skip


def raw(base: dict[str, Any], code: str, year: int, head: str, *, income: int, village: str = "Thôn Đông",
        near_poor: bool = False, children: int = 0, prev: str | None = None) -> dict[str, Any]:  # fmt: skip
    """A variant of the conftest household: poor by default, near-poor with ``near_poor`` (two
    deprivations), not poor above the line."""
    r = copy.deepcopy(base)
    r.update(ma_ho=code, nam_ra_soat=year, ngay_ra_soat=f"15/10/{year}", chu_ho=head, thon=village,
             thu_nhap_bq=str(income))  # fmt: skip
    r["thanh_vien"][0]["ho_ten"] = head
    r["thanh_vien"][0]["gioi_tinh"] = "nữ" if " Thị " in head else "nam"
    r["thanh_vien"][0]["so_dinh_danh"] = "001060001234"
    if near_poor:
        r.update(nha_tieu="tự hoại", khung="bền chắc")
    if prev:
        r["phan_loai_truoc"] = prev
    for k in range(children):
        r["thanh_vien"].append(_child(3 + k, f"Đặng Thị Quyết {k + 1}", f"0{1 + k % 9}/03/20{12 + k % 10}"))
    return r


def populate(ws: Workspace, base: dict[str, Any]) -> None:
    """Commune 12345 with, for 2025: H001 poor, H002 near-poor, H003 escaped poverty (poor in
    2024), H004 escaped near-poverty (phan_loai_truoc), H005 poor with 16 members in another
    village; and the 2024 records of H001 and H003 (both poor)."""
    ws.communes.add(Commune("12345", "Xã Minh Hòa"))
    raws = [
        raw(base, "H001", 2025, "Nguyễn Văn Hòa", income=1_450_000),
        raw(base, "H002", 2025, "Lê Thị Thủy", income=1_450_000, near_poor=True),
        raw(base, "H003", 2025, "Trần Quyết Thắng", income=2_600_000),
        raw(base, "H004", 2025, "Hoàng Thị Ủy", income=1_900_000, prev="cận nghèo"),
        raw(base, "H005", 2025, "Phạm Đức Thoát", income=1_200_000, village="Bản Nậm Ngặt", children=14),
        raw(base, "H001", 2024, "Nguyễn Văn Hòa", income=1_400_000),
        raw(base, "H003", 2024, "Trần Quyết Thắng", income=1_300_000),
    ]
    households = []
    for r in raws:
        h, problems = household_from_raw(r, r["thanh_vien"])
        assert h is not None, [str(p) for p in problems]
        households.append(h)
    ws.households.save_many(households)
    CommuneSettings(ws).set("12345", {"chu_tich": "Vũ Quyết Định", "pho_chu_tich": "Đỗ Thị Ủy Nhiệm"})


def text(pdf: Path, page: int | None = None, layout: bool = False) -> str:
    """What a reader sees: ``pdftotext`` (poppler), UTF-8."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if layout:
        args.append("-layout")
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def squash(s: str) -> str:
    """Whitespace collapsed (line breaks of the layout do not matter to a reader)."""
    return re.sub(r"\s+", " ", s).strip()


def is_nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


def fonts(pdf: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type, emb, sub, uni."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def pages(pdf: Path) -> list[Any]:
    from pypdf import PdfReader

    return list(PdfReader(str(pdf)).pages)


def words(pdf: Path, page: int = 1) -> list[dict[str, Any]]:
    """Words of a page with position (points, top from the page top), font and size."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        p = doc.pages[page - 1]
        return p.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)


def lines_of(pdf: Path, page: int = 1) -> list[dict[str, Any]]:
    """Drawn horizontal rules of a page."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        p = doc.pages[page - 1]
        return [ln for ln in p.lines if abs(ln["top"] - ln["bottom"]) < 0.5]


def phrase(ws_: list[dict[str, Any]], text_: str) -> dict[str, Any]:
    """The run of consecutive words on one line spelling ``text_``: x0, x1, top, bottom, fonts, sizes."""
    target = text_.split()
    for i in range(len(ws_) - len(target) + 1):
        run = ws_[i : i + len(target)]
        if [w["text"] for w in run] == target and len({round(w["top"]) for w in run}) == 1:
            return {"x0": run[0]["x0"], "x1": run[-1]["x1"], "top": run[0]["top"], "bottom": run[0]["bottom"],
                    "fonts": {w["fontname"].split("+")[-1] for w in run}, "sizes": {round(w["size"], 1) for w in run}}  # fmt: skip
    raise AssertionError(f"'{text_}' not found on the page")


def scan_qr(pdf: Path, tmp: Path, page: int = 1) -> str:
    """Decode the page's QR code from a 150 dpi rendering, as a phone camera would."""
    stem = tmp / f"scan{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(stem)], check=True)  # fmt: skip
    out = subprocess.run(["zbarimg", "-q", "--raw", f"{stem}.png"], capture_output=True, text=True)
    return out.stdout.strip()
