"""Build the view-models from the database: the *snapshot* step before any rendering.

Functions here read only. Numbers come in from the caller (the print job takes them from the
register), so the same builder serves printing and preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from povdesk.documents import workflow
from povdesk.documents.data import RECOGNISED, YearRow, by_village, head_of, member_lines, residence, title_of
from povdesk.documents.data import ethnicity as ethnicity_label
from povdesk.documents.layout import number_ref
from povdesk.documents.legal import legal_basis, punctuate
from povdesk.documents.settings import CommuneSettings
from povdesk.documents.viewmodels import (
    Annex,
    Applicant,
    CertificateBatch,
    CertificateEntry,
    Column,
    CopyMark,
    Count,
    DecisionVM,
    DocNumber,
    EscapeBatch,
    EscapeEntry,
    HouseholdLine,
    Issuer,
    MeetingInfo,
    Minutes,
    PostingList,
    PostingSection,
    RequestForm,
    TableSpec,
)
from povdesk.domain import Household, HouseholdClass
from povdesk.text import format_date_long, format_number

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

ROMAN = ("I", "II", "III", "IV", "V", "VI")


def issuer(ws: Workspace, commune: str) -> Issuer:
    return CommuneSettings(ws).issuer(commune)


def review_line(iss: Issuer, year: int) -> str:
    return f"Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {iss.unit}"


def decision_line(iss: Issuer, ref: workflow.DecisionRef, year: int) -> str:
    return (f"Căn cứ Quyết định số {number_ref(ref.number, ref.symbol)} {format_date_long(ref.date)} của "
            f"{iss.authority_text} về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát "
            f"nghèo, hộ thoát cận nghèo năm {year} trên địa bàn {iss.unit}")  # fmt: skip


# --- certificates and escape decisions ---------------------------------------------------------


def certificate_batch(ws: Workspace, commune: str, year: int, issued_on: dt.date) -> CertificateBatch:
    iss = issuer(ws, commune)
    lines = legal_basis("certificate", year, issued_on)
    ref = workflow.recognition_decision(ws, commune, year)
    lines.append(decision_line(iss, ref, year) if ref else review_line(iss, year))
    return CertificateBatch(iss, year, punctuate(lines))


def certificate_entry(ws: Workspace, batch: CertificateBatch, row: YearRow, number: DocNumber,
                      qr: str | None, copy: CopyMark | None) -> CertificateEntry:  # fmt: skip
    h = ws.households.get(row.id)
    head = head_of(h)
    return CertificateEntry(
        number=number, ma_ho=h.ma_ho, klass=row.klass, head_title=title_of(head), head=h.chu_ho,
        ethnicity=ethnicity_label(head.dan_toc) if head else "", person_id=(head.so_dinh_danh or "") if head else "",
        residence=residence(h, batch.issuer), members=member_lines(h), qr=qr, copy=copy,
    )  # fmt: skip


def escape_batch(ws: Workspace, commune: str, year: int, issued_on: dt.date) -> EscapeBatch:
    iss = issuer(ws, commune)
    lines = legal_basis("escape", year, issued_on)
    lines.append(review_line(iss, year))
    return EscapeBatch(iss, year, tuple(lines))


def escape_entry(ws: Workspace, batch: EscapeBatch, row: YearRow, number: DocNumber, qr: str | None,
                 copy: CopyMark | None) -> EscapeEntry:  # fmt: skip
    h = ws.households.get(row.id)
    head = head_of(h)
    assert row.escaped is not None
    return EscapeEntry(
        number=number, ma_ho=h.ma_ho, previous=row.escaped, now=row.klass, head_title=title_of(head),
        head=h.chu_ho, village=h.thon, residence=residence(h, batch.issuer), members=member_lines(h),
        request_date=workflow.escape_request(ws, row.ma_xa, row.ma_ho, batch.review_year), qr=qr, copy=copy,
    )  # fmt: skip


def escape_legal_basis(batch: EscapeBatch, entry: EscapeEntry) -> tuple[str, ...]:
    """The batch's lines plus the household's own request, then the proposer."""
    lines = list(batch.legal_basis)
    if entry.request_date is not None:
        what = "hộ thoát nghèo" if entry.escaped_poverty else "hộ thoát cận nghèo"
        lines.append(f"Căn cứ Giấy đề nghị công nhận {what} của hộ {entry.head_title.lower()} {entry.head} "
                     f"{format_date_long(entry.request_date)}")  # fmt: skip
    lines.append(f"Theo đề nghị của {batch.issuer.proposer}")
    return punctuate(lines)


# --- the recognition decision (Mẫu 02) ----------------------------------------------------------

Pick = Callable[[YearRow], bool]


def _poor(r: YearRow) -> bool:
    return r.klass is HouseholdClass.POOR


def _near_poor(r: YearRow) -> bool:
    return r.klass is HouseholdClass.NEAR_POOR


def _escaped_poor(r: YearRow) -> bool:
    return r.escaped is HouseholdClass.POOR


def _escaped_near_poor(r: YearRow) -> bool:
    return r.escaped is HouseholdClass.NEAR_POOR


_ANNEX_LISTS: tuple[tuple[str, str, Pick], ...] = (
    ("Hộ nghèo", "DANH SÁCH HỘ NGHÈO NĂM {y}", _poor),
    ("Hộ cận nghèo", "DANH SÁCH HỘ CẬN NGHÈO NĂM {y}", _near_poor),
    ("Hộ thoát nghèo", "DANH SÁCH HỘ THOÁT NGHÈO NĂM {y}", _escaped_poor),
    ("Hộ thoát cận nghèo", "DANH SÁCH HỘ THOÁT CẬN NGHÈO NĂM {y}", _escaped_near_poor),
)

LIST_COLUMNS = (
    Column("TT", 0.07, "CENTER"),
    Column("Họ và tên chủ hộ", 0.29, wrap=True),
    Column("Mã hộ", 0.12, "CENTER"),
    Column("Thôn, tổ dân phố", 0.2, wrap=True),
    Column("Số nhân khẩu", 0.1, "CENTER"),
    Column("Dân tộc", 0.1, "CENTER", wrap=True),
    Column("Ghi chú", 0.12, "CENTER", wrap=True),
)
ESCAPE_COLUMNS = (
    Column("TT", 0.06, "CENTER"),
    Column("Họ và tên chủ hộ", 0.26, wrap=True),
    Column("Mã hộ", 0.11, "CENTER"),
    Column("Thôn, tổ dân phố", 0.17, wrap=True),
    Column("Số nhân khẩu", 0.09, "CENTER"),
    Column("Phân loại năm trước", 0.13, "CENTER", wrap=True),
    Column("Phân loại sau rà soát", 0.18, "CENTER", wrap=True),
)
# A village's own posting list: no village column.
POSTING_COLUMNS = (
    Column("TT", 0.07, "CENTER"),
    Column("Họ và tên chủ hộ", 0.36, wrap=True),
    Column("Mã hộ", 0.13, "CENTER"),
    Column("Số nhân khẩu", 0.12, "CENTER"),
    Column("Dân tộc", 0.14, "CENTER", wrap=True),
    Column("Ghi chú", 0.18, "CENTER", wrap=True),
)
POSTING_ESCAPE_COLUMNS = (
    Column("TT", 0.07, "CENTER"),
    Column("Họ và tên chủ hộ", 0.33, wrap=True),
    Column("Mã hộ", 0.13, "CENTER"),
    Column("Số nhân khẩu", 0.11, "CENTER"),
    Column("Phân loại năm trước", 0.16, "CENTER", wrap=True),
    Column("Phân loại sau rà soát", 0.2, "CENTER", wrap=True),
)


def _note(line: HouseholdLine) -> str:
    """Ghi chú: how the household came to be on the list (new / from near-poor / kept)."""
    if line.previous is None or line.previous not in RECOGNISED:
        return "Mới"
    if line.previous is not line.klass:
        return f"Từ {line.previous.label}"
    return ""


def list_table(lines: Sequence[HouseholdLine], escaped: bool = False, village: bool = True) -> TableSpec:
    """Rows of an annex (``village`` column) or of a village's posting list (none)."""
    rows = []
    for n, ln in enumerate(lines, start=1):
        common = (str(n), ln.head, ln.ma_ho, *((ln.village,) if village else ()), str(ln.size))
        if escaped:
            prev = ln.previous.label.capitalize() if ln.previous else ""
            rows.append((*common, prev, ln.klass.label.capitalize()))
        else:
            rows.append((*common, ln.ethnicity, _note(ln)))
    if village:
        return TableSpec(ESCAPE_COLUMNS if escaped else LIST_COLUMNS, tuple(rows))
    return TableSpec(POSTING_ESCAPE_COLUMNS if escaped else POSTING_COLUMNS, tuple(rows))


def decision_vm(ws: Workspace, commune: str, year: int, number: DocNumber,
                copy: CopyMark | None = None) -> DecisionVM:  # fmt: skip
    iss = issuer(ws, commune)
    rows = by_village(year_rows_of(ws, commune, year))
    counts, annexes = [], []
    for i, (label, title, pick) in enumerate(_ANNEX_LISTS):
        chosen = [r for r in rows if pick(r)]
        annex_label = f"Phụ lục {ROMAN[i]}"
        counts.append(Count(label, len(chosen), sum(r.size for r in chosen), annex_label))
        annexes.append(
            Annex(annex_label, title.format(y=year), list_table([r.line() for r in chosen], i >= 2))
        )
    lines = legal_basis("decision", year, number.date)
    lines += [review_line(iss, year), f"Theo đề nghị của {iss.proposer}"]
    return DecisionVM(iss, year, number, punctuate(lines), tuple(counts), tuple(annexes), copy)


def year_rows_of(ws: Workspace, commune: str, year: int) -> list[YearRow]:
    from povdesk.documents.data import year_rows

    return year_rows(ws, year, commune)


# --- posting lists and meeting minutes ------------------------------------------------------------

_SECTIONS: tuple[tuple[str, Pick, bool], ...] = (
    ("HỘ NGHÈO", _poor, False),
    ("HỘ CẬN NGHÈO", _near_poor, False),
    ("HỘ THOÁT NGHÈO", _escaped_poor, True),
    ("HỘ THOÁT CẬN NGHÈO", _escaped_near_poor, True),
)


def villages_of(rows: Sequence[YearRow]) -> list[str]:
    from povdesk.text import collation_key

    return sorted({r.village for r in rows}, key=collation_key)


def posting_list(ws: Workspace, commune: str, year: int, village: str, date: dt.date | None,
                 period: tuple[dt.date | None, dt.date | None]) -> PostingList:  # fmt: skip
    rows = [r for r in by_village(year_rows_of(ws, commune, year)) if r.village == village]
    sections = tuple(
        PostingSection(
            f"{ROMAN[i]}. {title}", list_table([r.line() for r in rows if pick(r)], esc, village=False)
        )
        for i, (title, pick, esc) in enumerate(_SECTIONS)
    )
    start, end = workflow.posting_period(ws, commune, village, year, period)
    return PostingList(issuer(ws, commune), year, village, date, start, end, sections)


def minutes_vm(ws: Workspace, commune: str, year: int, village: str, given: MeetingInfo) -> Minutes:
    rows = [r for r in by_village(year_rows_of(ws, commune, year)) if r.village == village]
    counts = tuple(
        Count(title.capitalize(), sum(1 for r in rows if pick(r)), sum(r.size for r in rows if pick(r)), "")
        for title, pick, _ in _SECTIONS
    )
    shown = [r for r in rows if r.klass in RECOGNISED or r.escaped is not None]
    cols = (
        Column("TT", 0.06, "CENTER"), Column("Họ và tên chủ hộ", 0.27, wrap=True), Column("Mã hộ", 0.11, "CENTER"),
        Column("Kết quả rà soát", 0.2, "CENTER", wrap=True), Column("Số người dự họp đồng ý", 0.18, "CENTER", wrap=True),
        Column("Ghi chú", 0.18, "CENTER", wrap=True),
    )  # fmt: skip
    table_rows = tuple((str(n), r.head, r.ma_ho, _result(r), "", "") for n, r in enumerate(shown, start=1))
    meeting = workflow.meeting(ws, commune, village, year, given)
    return Minutes(issuer(ws, commune), year, village, meeting, counts, TableSpec(cols, table_rows))


def _result(r: YearRow) -> str:
    if r.klass in RECOGNISED:
        return f"Hộ {r.klass.label}"
    if r.escaped is HouseholdClass.POOR:
        return "Thoát nghèo"
    return "Thoát cận nghèo"


def count_text(c: Count) -> str:
    return f"{c.label}: {format_number(c.households)} hộ, {format_number(c.people)} nhân khẩu"


# --- request forms (Mẫu 01 / 04) ----------------------------------------------------------------------


def request_form(ws: Workspace, kind: str, commune: str | None = None, household: Household | None = None,
                 klass: HouseholdClass | None = None) -> RequestForm:  # fmt: skip
    """Blank (no household) or pre-filled from the household's record."""
    iss = issuer(ws, commune) if commune else None
    addressee = f"Chủ tịch Ủy ban nhân dân {iss.unit}" if iss else ""
    if household is None:
        return RequestForm(kind, addressee, place=iss.place if iss else None)
    head = head_of(household)
    where = residence(household, iss) if iss else household.thon
    applicant = Applicant(
        name=household.chu_ho, sex=head.gioi_tinh if head else "", birth=str(head.ngay_sinh) if head else "",
        ethnicity=ethnicity_label(head.dan_toc) if head else "", person_id=(head.so_dinh_danh or "") if head else "",
        residence=where, current_residence=where,
    )  # fmt: skip
    return RequestForm(kind, addressee, applicant, member_lines(household), iss.place if iss else None,
                       None, klass)  # fmt: skip
