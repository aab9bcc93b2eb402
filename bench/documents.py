"""Certificates: povdesk's renderer vs raw reportlab drawing the same page, 1,000 households.

    python -m bench documents [--n 1000] [--runs 3]

Measures (median of ``--runs``):

* **render** — :class:`povdesk.documents.certificate.CertificateRenderer` writing N certificates
  (view-models built beforehand, QR payloads signed beforehand; the QR matrix is made per page);
* **raw reportlab, same page** — one canvas, every text run of every page drawn with
  ``setFont``/``drawString`` at the positions povdesk uses (computed before the clock starts),
  the same rules, and the same QR matrix from ``segno`` drawn with reportlab's path API: the
  floor a hand-written canvas program would reach;
* **raw reportlab, text only** — the same without QR codes (for reference);
* **job** — ``print_certificates`` end to end: database reads, register numbers, HMAC, print
  log, one transaction, the PDF.

Goal (issue 6): render ≤ 1.3 × the same-page floor and ≥ 100 certificates/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATE = dt.date(2026, 1, 5)


def _households(n: int) -> list[Any]:
    from povdesk.validation import household_from_raw

    heads = ["Nguyễn Văn Hòa", "Trần Thị Thủy", "Lê Quyết Thắng", "Phạm Thị Ủy", "Hoàng Đức Thoát"]
    out = []
    for i in range(n):
        size = 2 + i % 6
        members = [
            {"stt": 1, "ho_ten": heads[i % 5], "quan_he": "chủ hộ", "gioi_tinh": "nữ" if "Thị" in heads[i % 5] else "nam",
             "ngay_sinh": "1960", "bhyt": "không", "viec_lam": "tự làm nông nghiệp", "trinh_do": "tiểu học",
             "so_dinh_danh": f"001060{i:06d}"},
        ]  # fmt: skip
        for k in range(2, size + 1):
            members.append({"stt": k, "ho_ten": f"Đặng Thị Quyết {k}", "quan_he": "con", "gioi_tinh": "nữ",
                            "ngay_sinh": f"0{k}/03/20{10 + k}", "bhyt": "có", "dang_di_hoc": "có",
                            "trinh_do": "tiểu học", "dan_toc": "Tày"})  # fmt: skip
        raw = {"ma_ho": f"H{i:05d}", "ma_xa": "12345", "ten_xa": "Xã Minh Hòa", "thon": f"Thôn {i % 7 + 1}",
               "khu_vuc": "nông thôn", "nam_ra_soat": 2025, "ngay_ra_soat": "15/10/2025", "chu_ho": heads[i % 5],
               "thu_nhap_bq": "1.200.000" if i % 3 else "1.450.000", "tuong": "không bền chắc",
               "khung": "không bền chắc" if i % 3 else "bền chắc", "mai": "bền chắc", "dien_tich_nha": 30,
               "nguon_nuoc": "nước máy", "nha_tieu": "không có" if i % 3 else "tự hoại", "dung_internet": "có",
               "thiet_bi_thong_tin": "tivi"}  # fmt: skip
        h, problems = household_from_raw(raw, members)
        assert h is not None, [str(p) for p in problems]
        out.append(h)
    return out


def _prepare(ws: Any, n: int) -> tuple[Any, list[Any]]:
    """Batch and N entries with register numbers and signed QR payloads (as a print run has)."""
    from povdesk.documents import build
    from povdesk.documents.data import year_rows
    from povdesk.documents.jobs import _number, _qr
    from povdesk.documents.qr import KeyStore
    from povdesk.documents.register import Register

    rows = year_rows(ws, 2025, "12345")[:n]
    batch = build.certificate_batch(ws, "12345", 2025, DATE)
    reg, keys = Register(ws), KeyStore(ws)
    entries = []
    with ws.atomic():
        for r in rows:
            issued, number = _number(ws, reg, "certificate", r, 2025, DATE, False)
            assert issued is not None
            entries.append(
                build.certificate_entry(ws, batch, r, number, _qr(keys, issued, r, "certificate"), None)
            )
    return batch, entries


def _page_ops(batch: Any, entries: list[Any]) -> list[tuple[list[Any], str | None]]:
    """Every text run and rule povdesk puts on each page, in page coordinates, plus the QR text.

    The legal-basis paragraphs (drawn by povdesk with reportlab's Paragraph, justified) become
    left-aligned lines of the same words here."""
    from povdesk.documents.certificate import CertificateRenderer, member_row
    from povdesk.documents.fonts import SERIF_ITALIC
    from povdesk.documents.layout import Text, leading, wrap

    r = CertificateRenderer(Path(tempfile.mkstemp(suffix=".pdf")[1]))
    lay = r.layout(batch)
    static = list(lay.static) + list(lay.signature)
    for para, x, y in lay.paragraphs:
        lines = wrap(para.text, SERIF_ITALIC, 13, r.g.text_width)
        top = y + para.height
        for i, line in enumerate(lines):
            static.append(Text(x, top - 13 - i * leading(13), line, SERIF_ITALIC, 13))
    out = []
    for e in entries:
        rows, _ = lay.table.rows_ops(lay.table_top, [member_row(m) for m in e.members])
        out.append((static + r._values(lay, batch, e) + rows, e.qr))
    return out


def raw_reportlab(path: Path, pages: list[tuple[list[Any], str | None]], qr_at: tuple[float, float],
                  qr: bool) -> None:  # fmt: skip
    """The floor: a plain canvas drawing the runs, rules and (optionally) QR paths."""
    import segno
    from reportlab.pdfgen.canvas import Canvas

    from povdesk.documents.fonts import SERIF
    from povdesk.documents.layout import Rule, Text

    c = Canvas(str(path), pagesize=(595.2756, 841.8898), initialFontName=SERIF)
    size = 24 * 72 / 25.4
    for ops, text in pages:
        for op in ops:
            if type(op) is Text:
                c.setFont(op.font, op.size)
                c.drawString(op.x, op.y, op.text)
            elif type(op) is Rule:
                c.setLineWidth(op.width)
                c.line(op.x1, op.y1, op.x2, op.y2)
        if qr and text:
            m = segno.make(text, error="m", micro=False, boost_error=False, mask=0).matrix
            n = len(m)
            mod = size / n
            p = c.beginPath()
            for ri, row in enumerate(m):
                for ci, dark in enumerate(row):
                    if dark:
                        p.rect(qr_at[0] + ci * mod, qr_at[1] + (n - 1 - ri) * mod, mod, mod)
            c.drawPath(p, stroke=0, fill=1)
        c.showPage()
    c.save()


def povdesk_render(path: Path, batch: Any, entries: list[Any]) -> int:
    from povdesk.documents.certificate import CertificateRenderer

    r = CertificateRenderer(path)
    pages = sum(r.add(batch, e) for e in entries)
    r.save()
    return pages


def _time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench documents")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv or [])
    from povdesk.documents import jobs
    from povdesk.documents.certificate import CertificateRenderer
    from povdesk.domain import Commune
    from povdesk.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        ws = Workspace.open(d / "bench.sqlite")
        ws.communes.add(Commune("12345", "Xã Minh Hòa"))
        t = time.perf_counter()
        ws.households.save_many(_households(args.n))
        print(f"setup: {args.n} households saved in {time.perf_counter() - t:.1f} s")
        batch, entries = _prepare(ws, args.n)
        pages = _page_ops(batch, entries)
        qr_at = CertificateRenderer(d / "x.pdf").layout(batch).qr_at
        out_p, out_r, out_t = d / "povdesk.pdf", d / "raw.pdf", d / "text.pdf"
        n_pages = povdesk_render(out_p, batch, entries)
        t_pov = _time(lambda: povdesk_render(out_p, batch, entries), args.runs)
        t_raw = _time(lambda: raw_reportlab(out_r, pages, qr_at, True), args.runs)
        t_txt = _time(lambda: raw_reportlab(out_t, pages, qr_at, False), args.runs)
        t_job = _time(lambda: jobs.print_certificates(ws, d / "job.pdf", year=2025, commune="12345", date=DATE),
                      max(1, args.runs - 1))  # fmt: skip
        ws.close()
        n = len(entries)
        print(f"certificates: {n} ({n_pages} pages)")
        for label, secs, path in (("povdesk render", t_pov, out_p), ("raw reportlab, same page", t_raw, out_r),
                                  ("raw reportlab, text only", t_txt, out_t),
                                  ("povdesk job (db → numbers → pdf → log)", t_job, d / "job.pdf")):  # fmt: skip
            print(
                f"  {label:40s} {secs:7.2f} s  {n / secs:7.0f} certificates/s  "
                f"{n_pages / secs:7.0f} pages/s  {path.stat().st_size / 1e6:6.2f} MB"
            )
        print(f"ratio render / raw same page: {t_pov / t_raw:.2f} (goal ≤ 1.30)")
        print(f"ratio render / raw text only: {t_pov / t_txt:.2f}")
        print(f"ratio job / raw same page:    {t_job / t_raw:.2f}")
        ok = t_pov / t_raw <= 1.3 and n / t_pov >= 100
        print("goal met" if ok else "GOAL NOT MET")
    return 0
