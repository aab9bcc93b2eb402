"""Print jobs: snapshot → number → render → log, one transaction per run.

``print_certificates(ws, out, year=2025, progress=..., cancel=...)`` is the long-job shape of
:mod:`povdesk.progress`. A run takes numbers from the register, writes the PDF(s) under a
temporary name, logs every print and renames the file(s) into place just before the
transaction commits — so a cancelled or failed run leaves no file, no number and no log row.

``preview=True`` renders without touching the register or the log (the desktop's print
preview): numbers already issued are shown, new ones are left blank and carry no QR code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from povdesk.documents import build, workflow
from povdesk.documents.data import RECOGNISED, YearRow, year_rows
from povdesk.documents.layout import number_ref
from povdesk.documents.qr import CERT_CODES, ESCAPE_CODES, KeyStore, Payload, sign_payload
from povdesk.documents.register import CERTIFICATE_SERIES, Issued, Register, subject_key
from povdesk.documents.viewmodels import CopyMark, DocNumber, MeetingInfo
from povdesk.errors import InputRefused
from povdesk.progress import CancelToken, ProgressFn, Reporter

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class PrintReport:
    """What a print run produced."""

    document: str
    files: tuple[Path, ...]
    documents: int
    pages: int
    numbers: tuple[str, ...] = ()
    copies: int = 0  # how many of the documents were reprints
    size: int = 0  # bytes written

    def as_json(self) -> dict[str, Any]:
        return {"document": self.document, "files": [str(f) for f in self.files], "documents": self.documents,
                "pages": self.pages, "numbers": list(self.numbers), "copies": self.copies,
                "bytes": self.size}  # fmt: skip


@dataclass
class Output:
    """One PDF (``out`` a file) or one per document (``split``: ``out`` a folder), written under
    ``.part`` names until :meth:`commit`."""

    out: Path
    split: bool
    _pending: list[tuple[Path, Path]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.split:
            if self.out.exists() and not self.out.is_dir():
                raise InputRefused(f"--split cần một thư mục, nhưng '{self.out}' là một tệp")
            self.out.mkdir(parents=True, exist_ok=True)
        elif self.out.is_dir():
            raise InputRefused(f"'{self.out}' là một thư mục; hãy cho tên tệp .pdf (hoặc dùng --split)")
        else:
            self.out.parent.mkdir(parents=True, exist_ok=True)

    def path(self, name: str | None = None) -> Path:
        """A temporary path for the final file ``name`` (split) or for ``out``."""
        final = self.out / f"{name}.pdf" if self.split and name else self.out
        tmp = final.with_name(final.name + ".part")
        self._pending.append((tmp, final))
        return tmp

    @property
    def current(self) -> str:
        """Name of the file being written (what the print log records)."""
        return self._pending[-1][1].name if self._pending else self.out.name

    def commit(self) -> tuple[Path, ...]:
        for tmp, final in self._pending:
            os.replace(tmp, final)
        return tuple(final for _, final in self._pending)

    def discard(self) -> None:
        for tmp, _ in self._pending:
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _run(ws: Workspace, preview: bool, kind: str, summary: str) -> Iterator[None]:
    if preview:
        yield
    else:
        with ws.operation(kind, summary):
            yield


def _finish(output: Output, document: str, docs: int, pages: int, numbers: Sequence[str] = (),
            copies: int = 0) -> PrintReport:  # fmt: skip
    files = output.commit()
    size = sum(f.stat().st_size for f in files)
    return PrintReport(document, files, docs, pages, tuple(numbers), copies, size)


def _copy(issued: Issued | None, today: dt.date) -> CopyMark | None:
    return CopyMark(issued.copy, today) if issued is not None and issued.copy > 0 else None


# --- certificates (Mẫu 03) and escape decisions ------------------------------------------------


def print_certificates(ws: Workspace, out: Path, *, year: int, commune: str | None = None,
                       households: Sequence[str] | None = None, date: dt.date | None = None,
                       split: bool = False, preview: bool = False, progress: ProgressFn | None = None,
                       cancel: CancelToken | None = None) -> PrintReport:  # fmt: skip
    """One certificate per poor or near-poor household of ``year`` (of ``commune``; only the
    household codes in ``households`` if given), in household order."""
    rows = [r for r in year_rows(ws, year, commune, households) if r.klass in RECOGNISED]
    if not rows:
        raise InputRefused(
            f"Không có hộ nghèo, hộ cận nghèo nào năm {year}{_where(commune)} để in giấy chứng nhận"
        )
    return _per_household(ws, out, rows, "certificate", year, date, split, preview, progress, cancel)


def print_escapes(ws: Workspace, out: Path, *, year: int, commune: str | None = None,
                  households: Sequence[str] | None = None, date: dt.date | None = None,
                  split: bool = False, preview: bool = False, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> PrintReport:  # fmt: skip
    """One escape-from-poverty decision per household that escaped poverty or near-poverty in
    ``year`` compared with the year before."""
    rows = [r for r in year_rows(ws, year, commune, households) if r.escaped is not None]
    if not rows:
        raise InputRefused(f"Không có hộ thoát nghèo, thoát cận nghèo nào năm {year}{_where(commune)}")
    return _per_household(ws, out, rows, "escape", year, date, split, preview, progress, cancel)


def _where(commune: str | None) -> str:
    return f" của xã {commune}" if commune else ""


def _per_household(ws: Workspace, out: Path, rows: list[YearRow], kind: str, year: int,
                   date: dt.date | None, split: bool, preview: bool, progress: ProgressFn | None,
                   cancel: CancelToken | None) -> PrintReport:  # fmt: skip
    from povdesk.documents.certificate import CertificateRenderer
    from povdesk.documents.escape import EscapeRenderer

    today = dt.date.today()
    date = date or today
    reg, keys = Register(ws), KeyStore(ws)
    output = Output(out, split)
    cert = kind == "certificate"
    label = "giấy chứng nhận" if cert else "quyết định công nhận thoát nghèo"
    rep = Reporter(f"Đang in {label}", len(rows), progress, cancel)
    batches: dict[tuple[str, dt.date], Any] = {}
    numbers, copies, pages = [], 0, 0
    renderer: Any = None
    make = CertificateRenderer if cert else EscapeRenderer
    try:
        with _run(ws, preview, f"In {label}", f"năm {year}: {len(rows)} hộ"):
            for r in rows:
                issued, number = _number(ws, reg, kind, r, year, date, preview)
                when = number.date or date
                bkey = (r.ma_xa, when)
                if bkey not in batches:
                    batches[bkey] = (build.certificate_batch if cert else build.escape_batch)(
                        ws, r.ma_xa, year, when
                    )
                batch = batches[bkey]
                qr = _qr(keys, issued, r, kind) if issued is not None else None
                copy = _copy(issued, today)
                entry = (build.certificate_entry if cert else build.escape_entry)(
                    ws, batch, r, number, qr, copy
                )
                if renderer is None or split:
                    if renderer is not None:
                        renderer.save()
                    name = f"{'GCN' if cert else 'QD-thoat-ngheo'}-{r.ma_xa}-{_safe(r.ma_ho)}"
                    renderer = make(output.path(name))
                pages += renderer.add(batch, entry)
                if issued is not None:
                    numbers.append(issued.entry.number_text)
                    copies += issued.copy > 0
                    reg.log_print(document=kind, commune=r.ma_xa, review_year=year, entry=issued.entry,
                                  copy=issued.copy, output=output.current)  # fmt: skip
                rep.step()
            rep.finish()
            renderer.save()
            return _finish(output, kind, len(rows), pages, numbers, copies)
    except BaseException:
        output.discard()
        raise


def _safe(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in code)


def _number(ws: Workspace, reg: Register, kind: str, r: YearRow, year: int, date: dt.date,
            preview: bool) -> tuple[Issued | None, DocNumber]:  # fmt: skip
    """The register entry of this household's document (allocated unless previewing)."""
    cert = kind == "certificate"
    klass = r.klass.value if cert else (r.escaped.value if r.escaped else None)
    series = CERTIFICATE_SERIES if cert else build.issuer(ws, r.ma_xa).decision_symbol
    if preview:
        found = reg.find(subject_key(kind, r.ma_xa, year, r.ma_ho, klass))
        if found is None:
            return None, DocNumber(None, series, None)
        return Issued(found, reg.prints(found.id)), DocNumber(found.number, found.series, found.issued_on)
    issued = reg.issue(kind=kind, commune=r.ma_xa, series=series, review_year=year, issued_on=date,
                       ma_ho=r.ma_ho, klass=klass, household_id=r.id)  # fmt: skip
    e = issued.entry
    return issued, DocNumber(e.number, e.series, e.issued_on)


def _qr(keys: KeyStore, issued: Issued, r: YearRow, kind: str) -> str:
    e = issued.entry
    code = CERT_CODES[r.klass] if kind == "certificate" else ESCAPE_CODES[r.escaped or r.klass]
    payload = Payload(e.commune, number_ref(e.number, e.series), e.issued_on.strftime("%Y%m%d"), r.ma_ho, code,
                      e.review_year)  # fmt: skip
    return sign_payload(payload, keys.signer(e.commune))


# --- the recognition decision (Mẫu 02) -------------------------------------------------------------


def print_decision(ws: Workspace, out: Path, *, year: int, commune: str, date: dt.date | None = None,
                   number: int | None = None, preview: bool = False) -> PrintReport:  # fmt: skip
    """The recognition decision of ``commune`` for ``year`` with its annexes. The first print
    takes a number from the register (``number`` asks for a specific one); later prints are
    copies with the same number and date."""
    from povdesk.documents.decision import DecisionRenderer

    if not year_rows(ws, year, commune):
        raise InputRefused(f"Xã {commune} chưa có hộ nào được rà soát năm {year}")
    today = dt.date.today()
    reg, iss = Register(ws), build.issuer(ws, commune)
    output = Output(out, False)
    try:
        with _run(ws, preview, "In quyết định công nhận", f"xã {commune} năm {year}"):
            subject = subject_key("decision", commune, year)
            issued: Issued | None
            if preview:
                found = reg.find(subject)
                issued = Issued(found, reg.prints(found.id)) if found else None
            else:
                wanted = number if number is not None else workflow.decision_number(ws, commune, year)
                issued = reg.issue(kind="decision", commune=commune, series=iss.decision_symbol, review_year=year,
                                   issued_on=date or today, number=wanted)  # fmt: skip
            e = issued.entry if issued else None
            doc_number = (
                DocNumber(e.number, e.series, e.issued_on)
                if e
                else DocNumber(None, iss.decision_symbol, None)
            )
            vm = build.decision_vm(ws, commune, year, doc_number, _copy(issued, today))
            pages = DecisionRenderer().render(vm, output.path())
            if issued is not None and not preview:
                reg.log_print(document="decision", commune=commune, review_year=year, entry=issued.entry,
                              copy=issued.copy, output=output.out.name)  # fmt: skip
            numbers = [issued.entry.number_text] if issued else []
            return _finish(output, "decision", 1, pages, numbers, int(bool(issued and issued.copy)))
    except BaseException:
        output.discard()
        raise


# --- posting lists, minutes, forms (unnumbered; logged) ------------------------------------------------


def print_posting_lists(ws: Workspace, out: Path, *, year: int, commune: str, village: str | None = None,
                        date: dt.date | None = None, period: tuple[dt.date | None, dt.date | None] = (None, None),
                        preview: bool = False) -> PrintReport:  # fmt: skip
    """The posting list of each village of ``commune`` (or only ``village``) for ``year``."""
    from povdesk.documents.lists import PostingListRenderer

    villages = build.villages_of(year_rows(ws, year, commune))
    if village is not None:
        if village not in villages:
            raise InputRefused(f"Không có thôn '{village}' trong dữ liệu năm {year} của xã {commune}")
        villages = [village]
    if not villages:
        raise InputRefused(f"Xã {commune} chưa có hộ nào được rà soát năm {year}")
    vms = [build.posting_list(ws, commune, year, v, date, period) for v in villages]
    return _unnumbered(ws, out, "posting-list", commune, year, preview,
                       lambda path: PostingListRenderer().render(vms, path), len(vms))  # fmt: skip


def print_minutes(ws: Workspace, out: Path, *, year: int, commune: str, village: str,
                  meeting: MeetingInfo | None = None, preview: bool = False) -> PrintReport:  # fmt: skip
    """The village meeting minutes with the list of households to agree on."""
    from povdesk.documents.lists import MinutesRenderer

    if village not in build.villages_of(year_rows(ws, year, commune)):
        raise InputRefused(f"Không có thôn '{village}' trong dữ liệu năm {year} của xã {commune}")
    vm = build.minutes_vm(ws, commune, year, village, meeting or MeetingInfo())
    return _unnumbered(
        ws, out, "minutes", commune, year, preview, lambda path: MinutesRenderer().render(vm, path)
    )


def print_form(ws: Workspace, out: Path, *, kind: str, commune: str | None = None, household: str | None = None,
               year: int | None = None, preview: bool = False) -> PrintReport:  # fmt: skip
    """Mẫu 01 or 04: blank (no ``household``), or pre-filled from household ``household`` of
    ``commune`` in ``year``."""
    from povdesk.documents.forms import RequestFormRenderer

    if kind not in ("01", "04"):
        raise InputRefused(f"Mẫu '{kind}' không có; chọn 01 hoặc 04")
    if household is not None:
        if commune is None or year is None:
            raise InputRefused("Điền sẵn mẫu cần mã xã (--xa), mã hộ (--ma) và năm (--year)")
        hid = ws.households.find(commune, household, year)
        if hid is None:
            raise InputRefused(f"Không có hộ {household} của xã {commune} năm {year}")
        vm = build.request_form(
            ws, kind, commune, ws.households.get(hid), ws.households.classification(hid).klass
        )
    else:
        vm = build.request_form(ws, kind, commune)
    return _unnumbered(ws, out, f"form-{kind}", commune, year, preview,
                       lambda path: RequestFormRenderer().render(vm, path), ma_ho=household)  # fmt: skip


def _unnumbered(ws: Workspace, out: Path, document: str, commune: str | None, year: int | None, preview: bool,
                render: Any, docs: int = 1, ma_ho: str | None = None) -> PrintReport:  # fmt: skip
    output = Output(out, False)
    try:
        with _run(ws, preview, "In văn bản", f"{document} {commune or ''} {year or ''}".strip()):
            pages = int(render(output.path()))
            if not preview:
                Register(ws).log_print(document=document, commune=commune, review_year=year, ma_ho=ma_ho,
                                       output=output.out.name)  # fmt: skip
            return _finish(output, document, docs, pages)
    except BaseException:
        output.discard()
        raise
