"""Mẫu 02 — the recognition decision of a commune and review year, with its four annex lists.

Decree 30 Mẫu 1.2 layout: header, ``QUYẾT ĐỊNH`` and its summary with a rule, the chairman's
authority line, the legal basis in italics, ``QUYẾT ĐỊNH:``, three articles, "Nơi nhận" beside
the signature block. Each annex starts a page of its own with "Phụ lục I", its title in capitals
and the italic caption "(Kèm theo Quyết định số …)"; the list is a table whose header row
repeats on every page and whose rows are never split. Annex pages are numbered separately.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from povdesk.documents.build import count_text
from povdesk.documents.flow import FlowRenderer, OpsFlowable, SectionStart, escape
from povdesk.documents.layout import (
    Header,
    header_block,
    number_ref,
    signature_block,
    summary_lines,
    title_block,
)
from povdesk.documents.viewmodels import DecisionVM, Issuer
from povdesk.text import format_date_long


def decision_summary(iss: Issuer, year: int) -> str:
    return (f"Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, "
            f"hộ thoát cận nghèo năm {year} trên địa bàn {iss.unit}")  # fmt: skip


def recipients(iss: Issuer) -> list[str]:
    """ "Như Điều 3" first, the commune's list, "Lưu: VT" last (once)."""
    rest = [r for r in iss.recipients if not r.lower().startswith(("như điều", "lưu"))]
    keep = [r for r in iss.recipients if r.lower().startswith("lưu")]
    return ["Như Điều 3", *rest, *(keep or ["Lưu: VT"])]


class DecisionRenderer(FlowRenderer[DecisionVM]):
    title = "Quyết định công nhận danh sách hộ nghèo, hộ cận nghèo"

    def story(self, vm: DecisionVM) -> list[Any]:
        g, s, iss = self.geometry, self.stylesheet(), vm.issuer
        head = Header(
            body=iss.body,
            parent=iss.parent,
            number=vm.number.text(),
            place_date=vm.number.place_date(iss.place),
        )
        out: list[Any] = [OpsFlowable(header_block(g, head))]
        summary = summary_lines(decision_summary(iss, vm.review_year), g.text_width)
        out.append(OpsFlowable(title_block(g.text_width, "QUYẾT ĐỊNH", summary, iss.authority)))
        out += self.paragraphs(vm.legal_basis, "can_cu")
        out.append(Paragraph("QUYẾT ĐỊNH:", s["centre_bold"]))
        out.append(Paragraph(
            f"<b>Điều 1.</b> Công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát "
            f"cận nghèo năm {vm.review_year} trên địa bàn {escape(iss.unit)}, cụ thể như sau:", s["body"]))  # fmt: skip
        for i, c in enumerate(vm.counts, start=1):
            end = "." if i == len(vm.counts) else ";"
            style = s["body"] if i == len(vm.counts) else s["body_tight"]
            out.append(Paragraph(f"{i}. {escape(count_text(c))} (chi tiết tại {c.annex}){end}", style))
        out.append(Paragraph("<b>Điều 2.</b> Quyết định này có hiệu lực kể từ ngày ký.", s["body"]))
        last = Paragraph(f"<b>Điều 3.</b> {escape(iss.executors)} chịu trách nhiệm thi hành Quyết định này./.",
                         s["body"])  # fmt: skip
        sig = OpsFlowable(signature_block(g, iss.signature, recipients(iss)))
        out.append(KeepTogether([last, Spacer(1, 4), sig]))
        for annex in vm.annexes:
            out += [PageBreak(), SectionStart(self), *self.annex_head(vm, annex.label, annex.title)]
            out.append(self.table(annex.table))
        return out

    def annex_head(self, vm: DecisionVM, label: str, title: str) -> list[Any]:
        s = self.stylesheet()
        n = vm.number
        ref = number_ref(n.number, n.symbol) if n.number is not None else f"      /{n.symbol}"
        when = format_date_long(n.date) if n.date else "ngày     tháng     năm     "
        caption = f"(Kèm theo Quyết định số {ref} {when} của {vm.issuer.authority_text})"
        return [Paragraph(label, s["annex_label"]), Paragraph(escape(title), s["annex_title"]),
                Paragraph(escape(caption), s["annex_caption"])]  # fmt: skip
