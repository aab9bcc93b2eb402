"""The household's request forms of QĐ 24/2021: Mẫu 01 (đề nghị rà soát hộ nghèo, hộ cận nghèo
hoặc xác định hộ có mức sống trung bình) and Mẫu 04 (đề nghị công nhận hộ thoát nghèo, hộ thoát
cận nghèo) — blank, to hand out, or pre-filled from a household's record, to check and sign.

A citizen's form has no issuing body: the header is the national name and motto, centred.
Unknown values print as dotted lines to be written in by hand.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from povdesk.documents.flow import FlowRenderer, OpsFlowable, escape
from povdesk.documents.fonts import SERIF_ITALIC
from povdesk.documents.layout import (
    CENTRE,
    Block,
    Header,
    Signature,
    dots,
    header_block,
    leading,
    signature_block,
    title_block,
)
from povdesk.documents.viewmodels import Column, RequestForm, TableSpec
from povdesk.domain import HouseholdClass
from povdesk.text import format_date_long

TITLES = {
    "01": ("GIẤY ĐỀ NGHỊ", ["Rà soát hộ nghèo, hộ cận nghèo hoặc xác định", "hộ có mức sống trung bình"]),
    "04": ("GIẤY ĐỀ NGHỊ", ["Công nhận hộ thoát nghèo, hộ thoát cận nghèo"]),
}
BLANK_ROWS = 6
TICK, BOX = "■", "□"
GAP = "&nbsp;" * 4
SIZE = 13.0


def _v(value: str | None, width: float) -> str:
    """A filled value in bold, or a dotted line ``width`` points long to write on."""
    return f"<b>{escape(value)}</b>" if value else dots(width, SIZE)


def _box(on: bool) -> str:
    return TICK if on else BOX


class RequestFormRenderer(FlowRenderer[RequestForm]):
    body_size = SIZE

    def story(self, vm: RequestForm) -> list[Any]:
        g, s = self.geometry, self.stylesheet()
        doc_type, subtitle = TITLES[vm.kind]
        self.title = f"Mẫu số {vm.kind} - {doc_type.capitalize()} {' '.join(subtitle).lower()}"
        out: list[Any] = [Paragraph(f"<b>Mẫu số {vm.kind}</b>", s["right"])]
        out.append(OpsFlowable(header_block(g, Header())))
        out.append(OpsFlowable(title_block(g.text_width, doc_type, subtitle)))
        to = _v(vm.addressee, 0) if vm.addressee else f"Chủ tịch Ủy ban nhân dân {dots(150, SIZE)}"
        out.append(Paragraph(f"Kính gửi: {to}", s["centre"]))
        out += [Paragraph(line, s["plain"]) for line in self._fields(vm)]
        out += self._request(vm)
        out.append(Paragraph("Danh sách thành viên hộ gia đình:", s["plain"]))
        out.append(self.table(self._members(vm), size=11, row_height=None if vm.members else 20))
        out.append(Spacer(1, 4))
        out.append(Paragraph("Lý do đề nghị:", s["plain"]))
        out += [Paragraph(dots(g.text_width, SIZE), s["plain"]) for _ in range(2)]
        out.append(Paragraph("Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật và xin chịu trách "
                             "nhiệm trước pháp luật về những thông tin đã kê khai.", s["body"]))  # fmt: skip
        out.append(KeepTogether([Spacer(1, 2), OpsFlowable(self._signature(vm))]))
        return out

    def _fields(self, vm: RequestForm) -> list[str]:
        """The applicant's lines; widths of the dotted blanks fit each line on the page."""
        a = vm.applicant
        sex = (a.sex if a else "").lower()
        label = "Họ và tên chủ hộ" if vm.kind == "04" else "Họ và tên"
        lines = [
            f"{label}: {_v(a.name if a else None, 220)}{GAP}Giới tính: Nam {_box(sex == 'nam')}{GAP}Nữ {_box(sex == 'nữ')}",
            f"Ngày tháng năm sinh: {_v(a.birth if a else None, 120)}{GAP}Dân tộc: {_v(a.ethnicity if a else None, 140)}",
            f"Số CCCD/Căn cước/CMND: {_v(a.person_id if a else None, 140)}{GAP}Ngày cấp: {dots(95, SIZE)}",
        ]  # fmt: skip
        if vm.kind == "04":
            lines.append(f"Nơi cấp: {dots(400, SIZE)}")
        lines.append(f"Nơi thường trú: {_v(a.residence if a else None, 370)}")
        lines.append(f"Nơi ở hiện tại: {_v(a.current_residence if a else None, 370)}")
        return lines

    def _request(self, vm: RequestForm) -> list[Any]:
        s = self.stylesheet()
        k = vm.current_class
        if vm.kind == "01":
            return [Paragraph(f"Đề nghị: {BOX} Rà soát hộ nghèo, hộ cận nghèo   {BOX} Xác định hộ có mức sống "
                              "trung bình", s["plain"])]  # fmt: skip
        return [Paragraph(
            f"Hộ gia đình tôi hiện là {_box(k is HouseholdClass.POOR)} hộ nghèo  {_box(k is HouseholdClass.NEAR_POOR)} "
            f"hộ cận nghèo; nay đề nghị Chủ tịch Ủy ban nhân dân xem xét, công nhận hộ gia đình tôi là "
            f"{_box(k is HouseholdClass.POOR)} hộ thoát nghèo  {_box(k is HouseholdClass.NEAR_POOR)} hộ thoát cận "
            "nghèo.", s["body"])]  # fmt: skip

    def _members(self, vm: RequestForm) -> TableSpec:
        if vm.kind == "01":
            cols = (Column("TT", 0.07, "CENTER"), Column("Họ và tên", 0.3, wrap=True),
                    Column("Giới tính", 0.1, "CENTER"), Column("Ngày tháng năm sinh", 0.15, "CENTER", wrap=True),
                    Column("Quan hệ với chủ hộ", 0.15, "CENTER", wrap=True),
                    Column("Tình trạng (có việc làm / không có việc làm / đang đi học)", 0.23, "CENTER", wrap=True))  # fmt: skip
            rows: list[tuple[str, ...]] = [
                (str(m.stt), m.name, m.sex, m.birth, m.relation, m.status) for m in vm.members
            ]
        else:
            cols = (Column("TT", 0.07, "CENTER"), Column("Họ và tên", 0.33, wrap=True),
                    Column("Giới tính", 0.1, "CENTER"), Column("Ngày tháng năm sinh", 0.17, "CENTER", wrap=True),
                    Column("Quan hệ với chủ hộ", 0.15, "CENTER", wrap=True),
                    Column("Số định danh cá nhân", 0.18, "CENTER", wrap=True))  # fmt: skip
            rows = [(str(m.stt), m.name, m.sex, m.birth, m.relation, m.person_id) for m in vm.members]
        if not rows:
            rows = [(str(n),) + ("",) * (len(cols) - 1) for n in range(1, BLANK_ROWS + 1)]
        return TableSpec(cols, tuple(rows))

    def _signature(self, vm: RequestForm) -> Block:
        """Place and date (italic), then NGƯỜI ĐỀ NGHỊ / (Ký, ghi rõ họ tên) / the name."""
        g = self.geometry
        when = format_date_long(vm.date) if vm.date else "ngày …… tháng …… năm ……"
        b = Block()
        b.text(g.right_centre, -13, f"{vm.place or dots(70, SIZE)}, {when}", SERIF_ITALIC, 13, CENTRE)
        name = vm.applicant.name if vm.applicant else ""
        sig = signature_block(g, Signature(("NGƯỜI ĐỀ NGHỊ",), name, "(Ký, ghi rõ họ tên)"), size=13)
        b.extend(sig, 0, -leading(13) - 2)
        b.height = sig.height + leading(13) + 2
        return b
