"""Immutable view-models: everything a document shows, decided before any layout happens.

pretix-style: :mod:`povdesk.documents.source` fills these from the database (and from explicit
inputs where the workflow will later supply them); renderers only lay them out. Layout never
decides content, and a view-model can be rendered twice to the same PDF.

All text is NFC. Batch documents (certificates, escape decisions) are split into a *batch*
(what every page of one commune shares — drawn once into a PDF form XObject) and *entries*
(one per household).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from povdesk.documents.layout import Signature, number_text, place_date_text
from povdesk.domain import HouseholdClass
from povdesk.text import format_date


@dataclass(frozen=True)
class Issuer:
    """The commune's People's Committee as it appears on its documents (from commune settings)."""

    commune_code: str
    unit_type: str  # "xã", "phường", "đặc khu"
    unit_name: str  # "Minh Hòa"
    body: tuple[str, ...]  # header lines, upper case: ("ỦY BAN NHÂN DÂN", "XÃ MINH HÒA")
    parent: tuple[str, ...]  # parent body lines (often none at commune level)
    place: str  # place name of the date line
    decision_symbol: str  # "QĐ-UBND" or "QĐ-CT"
    signature: Signature
    recipients: tuple[str, ...]
    proposer: str  # "Theo đề nghị của …"
    executors: str  # who implements (Điều 3)

    @property
    def unit(self) -> str:
        """``xã Minh Hòa`` for running text."""
        return f"{self.unit_type} {self.unit_name}"

    @property
    def authority(self) -> str:
        """``CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MINH HÒA`` (the decision's issuing authority line)."""
        return f"CHỦ TỊCH ỦY BAN NHÂN DÂN {self.unit.upper()}"

    @property
    def authority_text(self) -> str:
        """``Chủ tịch Ủy ban nhân dân xã Minh Hòa`` (cited in annex captions)."""
        return f"Chủ tịch Ủy ban nhân dân {self.unit}"


@dataclass(frozen=True)
class CopyMark:
    """A reprint: the ``reprint``-th print after the original (1 = first reprint)."""

    reprint: int
    printed_on: dt.date

    @property
    def text(self) -> str:
        return f"BẢN SAO - in lại lần {self.reprint}, ngày {format_date(self.printed_on)}"


@dataclass(frozen=True)
class DocNumber:
    """Number and symbol of a document; ``number`` ``None`` leaves the number to be written in."""

    number: int | None
    symbol: str
    date: dt.date | None

    def text(self) -> str:
        return number_text(self.number, self.symbol)

    def place_date(self, place: str) -> str:
        return place_date_text(place, self.date)


@dataclass(frozen=True)
class MemberLine:
    stt: int
    name: str
    relation: str
    sex: str  # "Nam" / "Nữ"
    birth: str  # "05/01/1987", "1987"
    ethnicity: str
    person_id: str  # "" when unknown
    status: str = ""  # Mẫu 01: có việc làm / không có việc làm / đang đi học


@dataclass(frozen=True)
class HouseholdLine:
    """One household row of an annex, a posting list or the meeting minutes."""

    ma_ho: str
    head: str
    village: str
    size: int
    ethnicity: str
    klass: HouseholdClass
    previous: HouseholdClass | None
    deprivations: int
    address: str = ""


@dataclass(frozen=True)
class CertificateBatch:
    """What all certificates of one commune in one print run share."""

    issuer: Issuer
    review_year: int
    legal_basis: tuple[str, ...]
    series: str = "GCN-HN.HCN"


@dataclass(frozen=True)
class CertificateEntry:
    """One Mẫu 03 certificate: one household, poor or near-poor in ``review_year``."""

    number: DocNumber
    ma_ho: str
    klass: HouseholdClass
    head_title: str  # "Ông" / "Bà"
    head: str
    ethnicity: str
    person_id: str
    residence: str
    members: tuple[MemberLine, ...]
    qr: str | None = None
    copy: CopyMark | None = None


@dataclass(frozen=True)
class EscapeBatch:
    issuer: Issuer
    review_year: int
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class EscapeEntry:
    """One per-household decision recognising an escape from poverty or near-poverty."""

    number: DocNumber
    ma_ho: str
    previous: HouseholdClass  # POOR or NEAR_POOR last year
    now: HouseholdClass
    head_title: str
    head: str
    village: str
    residence: str
    members: tuple[MemberLine, ...]
    request_date: dt.date | None = None  # the household's own request (Mẫu 04), if any
    qr: str | None = None
    copy: CopyMark | None = None

    @property
    def escaped_poverty(self) -> bool:
        return self.previous is HouseholdClass.POOR


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # fraction of the table width
    align: str = "LEFT"  # LEFT, CENTER, RIGHT
    wrap: bool = False  # long text (names, addresses) is wrapped in a paragraph


@dataclass(frozen=True)
class TableSpec:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Annex:
    label: str  # "Phụ lục I"
    title: str  # "DANH SÁCH HỘ NGHÈO NĂM 2025"
    table: TableSpec


@dataclass(frozen=True)
class Count:
    label: str  # "Hộ nghèo"
    households: int
    people: int
    annex: str  # "Phụ lục I"


@dataclass(frozen=True)
class DecisionVM:
    """The recognition decision (Mẫu 02) of one commune and review year, with its annexes."""

    issuer: Issuer
    review_year: int
    number: DocNumber
    legal_basis: tuple[str, ...]
    counts: tuple[Count, ...]
    annexes: tuple[Annex, ...]
    copy: CopyMark | None = None


@dataclass(frozen=True)
class PostingSection:
    title: str  # "I. HỘ NGHÈO"
    table: TableSpec


@dataclass(frozen=True)
class PostingList:
    """The public posting list (danh sách niêm yết) of one village."""

    issuer: Issuer
    review_year: int
    village: str
    date: dt.date | None
    period_from: dt.date | None
    period_to: dt.date | None
    sections: tuple[PostingSection, ...]


@dataclass(frozen=True)
class MeetingInfo:
    """The village meeting (họp dân); ``None`` fields print as dotted blanks to fill by hand.

    Supplied by the workflow's meeting record once it exists; until then by explicit inputs.
    """

    date: dt.date | None = None
    time: str | None = None  # "08 giờ 00"
    place: str | None = None
    chair: str | None = None
    secretary: str | None = None
    attendees: int | None = None
    households_present: int | None = None


@dataclass(frozen=True)
class Minutes:
    issuer: Issuer
    review_year: int
    village: str
    meeting: MeetingInfo
    counts: tuple[Count, ...]
    table: TableSpec


@dataclass(frozen=True)
class Applicant:
    """The person filing a request form (household head), pre-filled from the record."""

    name: str
    sex: str  # "nam" / "nữ"
    birth: str
    ethnicity: str
    person_id: str
    residence: str
    current_residence: str


@dataclass(frozen=True)
class RequestForm:
    """Mẫu 01 (review request) or Mẫu 04 (escape request); ``applicant`` ``None`` = blank form."""

    kind: str  # "01" or "04"
    addressee: str  # "Chủ tịch Ủy ban nhân dân xã Minh Hòa" or a dotted blank
    applicant: Applicant | None = None
    members: tuple[MemberLine, ...] = field(default=())
    place: str | None = None
    date: dt.date | None = None
    current_class: HouseholdClass | None = None
