"""Posting lists (danh sách niêm yết, one per village) and village meeting minutes (biên bản họp
dân) — the papers of steps 2 and 3 of the periodic review (spec §3.3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from povdesk.documents.build import count_text
from povdesk.documents.flow import FlowRenderer, OpsFlowable, SectionStart, escape
from povdesk.documents.fonts import SERIF_BOLD, SERIF_ITALIC
from povdesk.documents.layout import (
    CENTRE,
    SIGN_SIZE,
    SIGNATURE_SPACE,
    Block,
    Header,
    PageGeometry,
    Signature,
    dots,
    header_block,
    leading,
    place_date_text,
    signature_block,
    summary_lines,
    title_block,
)
from povdesk.documents.viewmodels import Minutes, PostingList
from povdesk.text import format_date, format_date_long, format_number

DOTS = "……………"


class PostingListRenderer(FlowRenderer[Sequence[PostingList]]):
    """One section per village: each starts a page and is numbered on its own."""

    title = "Danh sách niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo"
    body_size = 13.0

    def story(self, vm: Sequence[PostingList]) -> list[Any]:
        out: list[Any] = []
        for i, pl in enumerate(vm):
            if i:
                out.append(PageBreak())
            out += [SectionStart(self), *self.village(pl)]
        return out

    def village(self, pl: PostingList) -> list[Any]:
        g, s, iss = self.geometry, self.stylesheet(), pl.issuer
        head = Header(body=iss.body, parent=iss.parent, place_date=place_date_text(iss.place, pl.date))
        summary = summary_lines(f"Niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm {pl.review_year}",
                                g.text_width)  # fmt: skip
        out: list[Any] = [OpsFlowable(header_block(g, head)),
                          OpsFlowable(title_block(g.text_width, "DANH SÁCH", summary))]  # fmt: skip
        out.append(Paragraph(f"<b>{escape(pl.village)}, {escape(iss.unit)}</b>", s["centre"]))
        start = format_date(pl.period_from) if pl.period_from else DOTS
        end = format_date(pl.period_to) if pl.period_to else DOTS
        out.append(Paragraph(f"(Thời gian niêm yết: từ ngày {start} đến ngày {end})", s["centre_italic"]))
        for sec in pl.sections:
            out.append(
                Paragraph(f"{escape(sec.title)} ({format_number(len(sec.table.rows))} hộ)", s["section"])
            )
            out.append(self.table(sec.table, size=11.5))
            out.append(Spacer(1, 4))
        note = (f"Trong thời gian niêm yết, mọi ý kiến thắc mắc, khiếu nại về danh sách trên xin phản ánh với "
                f"Trưởng thôn, Tổ trưởng tổ dân phố hoặc Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo {iss.unit} "
                "để được xem xét, giải quyết.")  # fmt: skip
        sig = Signature(("TM. ỦY BAN NHÂN DÂN", *iss.signature.capacity), iss.signature.name)
        out.append(KeepTogether([Paragraph(escape(note), s["body"]), OpsFlowable(signature_block(g, sig))]))
        return out


def two_signatures(g: PageGeometry, left: Signature, right: Signature, size: float = SIGN_SIZE) -> Block:
    """Two signature blocks side by side (minutes: secretary and chair)."""
    b = Block()
    bottom = 0.0
    for centre, sig in ((g.text_width * 0.22, left), (g.right_centre, right)):
        y = -size
        for line in sig.capacity:
            b.text(centre, y, line, SERIF_BOLD, size, CENTRE)
            y -= leading(size)
        if sig.note:
            b.text(centre, y, sig.note, SERIF_ITALIC, size - 1, CENTRE)
        y -= SIGNATURE_SPACE * 0.8
        if sig.name:
            b.text(centre, y, sig.name, SERIF_BOLD, size, CENTRE)
        bottom = min(bottom, y)
    b.height = -bottom + 6
    return b


class MinutesRenderer(FlowRenderer[Minutes]):
    title = "Biên bản họp dân"
    body_size = 13.0

    def story(self, vm: Minutes) -> list[Any]:
        g, s, iss, m = self.geometry, self.stylesheet(), vm.issuer, vm.meeting
        head = Header(body=(vm.village.upper(),), parent=(f"ỦY BAN NHÂN DÂN {iss.unit.upper()}",),
                      place_date=place_date_text(iss.place, m.date))  # fmt: skip
        summary = summary_lines(f"Họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo năm {vm.review_year}",
                                g.text_width)  # fmt: skip
        out: list[Any] = [
            OpsFlowable(header_block(g, head)),
            OpsFlowable(title_block(g.text_width, "BIÊN BẢN", summary)),
        ]
        when = f"{m.time or '…… giờ ……'}, {format_date_long(m.date) if m.date else 'ngày …… tháng …… năm ……'}"

        def p(text: str, style: str = "body") -> Any:
            return Paragraph(text, s[style])

        out.append(p(f"Hôm nay, vào lúc {escape(when)}, tại {escape(m.place or DOTS * 3)}, {escape(vm.village)} "
                     f"tổ chức họp dân để thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo năm {vm.review_year}."))  # fmt: skip
        out.append(p("<b>I. THÀNH PHẦN</b>", "plain"))
        out.append(p(f"- Chủ trì: {escape(m.chair or DOTS * 4)}"))
        out.append(p(f"- Thư ký: {escape(m.secretary or DOTS * 4)}"))
        people = format_number(m.attendees) if m.attendees is not None else DOTS
        present = format_number(m.households_present) if m.households_present is not None else DOTS
        out.append(p(f"- Số người tham dự: {people} người, đại diện cho {present} hộ gia đình."))
        out.append(p("<b>II. NỘI DUNG</b>", "plain"))
        out.append(p(f"1. Thông qua kết quả rà soát hộ nghèo, hộ cận nghèo năm {vm.review_year} của "
                     f"{escape(vm.village)}:"))  # fmt: skip
        for c in vm.counts:
            out.append(p(f"- {escape(count_text(c))};"))
        out.append(p("2. Ý kiến của người dự họp:"))
        out += [p(dots(g.text_width, self.body_size), "plain") for _ in range(3)]
        out.append(p("3. Kết quả biểu quyết thống nhất đối với từng hộ:"))
        out.append(self.table(vm.table, size=11.5, empty="Không có hộ nào cần biểu quyết."))
        out.append(Spacer(1, 6))
        out.append(p("Cuộc họp kết thúc vào lúc …… giờ …… cùng ngày. Biên bản đã được đọc lại cho mọi người "
                     "dự họp cùng nghe và thống nhất thông qua."))  # fmt: skip
        sigs = two_signatures(
            g, Signature(("THƯ KÝ",), m.secretary or ""), Signature(("CHỦ TRÌ",), m.chair or "")
        )
        out.append(KeepTogether([Spacer(1, 4), OpsFlowable(sigs)]))
        return out
