"""The numbering register and the print log (OpenCRVS-style).

* **Register** (``doc_register``): every numbered document povdesk issues — the recognition
  decision, each certificate, each escape decision — gets one row with its number, taken from a
  counter per commune, calendar year of issue and symbol (``doc_counters``; Decree 30 numbers
  restart each year). A number is **never reused**: the counter only moves forward, rows are never
  deleted, and a voided document keeps its number (a re-issue gets a new one).
* A document is identified by its *subject* (e.g. ``certificate/12345/H001/2025/poor``): printing
  the same subject again reuses its register row — same number, same date — and is a **reprint**,
  marked as a copy on the page.
* **Print log** (``print_log``): who printed what, when, with which number, original or n-th copy,
  into which file (name only). Unnumbered documents (lists, minutes, forms) are logged too.

All writes happen inside the caller's transaction (the print job's operation), so a cancelled or
failed print run leaves neither numbers nor log rows behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from povdesk.documents.layout import number_ref
from povdesk.errors import InputRefused, NotFound

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

CERTIFICATE_SERIES = "GCN-HN.HCN"
ISSUED, VOIDED = "issued", "voided"


@dataclass(frozen=True)
class RegisterEntry:
    id: int
    commune: str
    year: int  # calendar year of issue: numbers restart each year
    series: str  # symbol: "QĐ-UBND", "GCN-HN.HCN"
    number: int
    kind: str  # "decision", "certificate", "escape"
    subject: str
    ma_ho: str | None
    review_year: int
    klass: str | None
    issued_on: dt.date
    created_at: str
    created_by: str
    status: str

    @property
    def number_text(self) -> str:
        """``05/GCN-HN.HCN``."""
        return number_ref(self.number, self.series)


_COLS = ("id, commune_code, year, series, number, kind, subject, ma_ho, review_year, klass, issued_on,"
         " created_at, created_by, status")  # fmt: skip


def _entry(row: Any) -> RegisterEntry:
    (id_, commune, year, series, number, kind, subject, ma_ho, review_year, klass, issued_on,
     created_at, created_by, status) = row  # fmt: skip
    return RegisterEntry(id_, commune, year, series, number, kind, subject, ma_ho, review_year, klass,
                         dt.date.fromisoformat(issued_on), created_at, created_by, status)  # fmt: skip


def subject_key(kind: str, commune: str, review_year: int, ma_ho: str | None = None,
                klass: str | None = None) -> str:  # fmt: skip
    """Stable identity of a document: the same subject printed again is a reprint."""
    parts = [kind, commune, *( [ma_ho] if ma_ho is not None else []), str(review_year),
             *([klass] if klass else [])]  # fmt: skip
    return "/".join(parts)


@dataclass(frozen=True)
class Issued:
    """A register entry as printed now: ``copy`` 0 for the original, n for the n-th reprint."""

    entry: RegisterEntry
    copy: int


class Register:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- reading ------------------------------------------------------------------------------

    def find(self, subject: str) -> RegisterEntry | None:
        row = self.ws.conn.execute(
            f"SELECT {_COLS} FROM doc_register WHERE subject=? AND status=?", (subject, ISSUED)
        ).fetchone()
        return None if row is None else _entry(row)

    def lookup(self, commune: str, year: int, series: str, number: int) -> RegisterEntry | None:
        row = self.ws.conn.execute(
            f"SELECT {_COLS} FROM doc_register WHERE commune_code=? AND year=? AND series=? AND number=?",
            (commune, year, series, number),
        ).fetchone()
        return None if row is None else _entry(row)

    def entries(self, commune: str | None = None, year: int | None = None) -> list[RegisterEntry]:
        conds: list[str] = []
        args: list[object] = []
        if commune:
            conds.append("commune_code=?")
            args.append(commune)
        if year:
            conds.append("year=?")
            args.append(year)
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        rows = self.ws.conn.execute(
            f"SELECT {_COLS} FROM doc_register {where} ORDER BY commune_code, year, series, number", args
        ).fetchall()
        return [_entry(r) for r in rows]

    def prints(self, entry_id: int) -> int:
        """How many times the entry has been printed (0 = never)."""
        row = self.ws.conn.execute("SELECT count(*) FROM print_log WHERE register_id=?", (entry_id,))
        return int(row.fetchone()[0])

    def last_number(self, commune: str, year: int, series: str) -> int:
        row = self.ws.conn.execute(
            "SELECT last_number FROM doc_counters WHERE commune_code=? AND year=? AND series=?",
            (commune, year, series),
        ).fetchone()
        return 0 if row is None else int(row[0])

    def log(self, commune: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Print log rows, newest first."""
        where, args = ("WHERE commune_code=?", [commune]) if commune else ("", [])
        lim = f" LIMIT {int(limit)}" if limit else ""
        cur = self.ws.conn.execute(
            "SELECT id, at, user, document, commune_code, review_year, ma_ho, number_text, copy, output"
            f" FROM print_log {where} ORDER BY id DESC{lim}",
            args,
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]

    # --- writing (inside the caller's transaction) ----------------------------------------------

    def issue(self, *, kind: str, commune: str, series: str, review_year: int, issued_on: dt.date,
              ma_ho: str | None = None, klass: str | None = None, household_id: int | None = None,
              number: int | None = None) -> Issued:  # fmt: skip
        """The subject's register entry (allocating the next number if it has none) and whether
        this print is the original or a copy. ``number`` asks for a specific number (the
        workflow's decision number): refused if the subject already has a different one or the
        number is taken."""
        subject = subject_key(kind, commune, review_year, ma_ho, klass)
        found = self.find(subject)
        if found is not None:
            if number is not None and number != found.number:
                raise InputRefused(
                    f"Văn bản này đã được cấp số {found.number_text} ngày "
                    f"{found.issued_on:%d/%m/%Y}; không cấp lại số {number:02d}"
                )
            return Issued(found, self.prints(found.id))
        year = issued_on.year
        n = self._allocate(commune, year, series, number)
        from povdesk.households import now_iso

        cur = self.ws.conn.execute(
            "INSERT INTO doc_register (commune_code, year, series, number, kind, subject, household_id,"
            " ma_ho, review_year, klass, issued_on, created_at, created_by, status)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (commune, year, series, n, kind, subject, household_id, ma_ho, review_year, klass,
             issued_on.isoformat(), now_iso(), self.ws.user, ISSUED),
        )  # fmt: skip
        entry = self.lookup(commune, year, series, n)
        assert entry is not None and entry.id == cur.lastrowid
        return Issued(entry, 0)

    def _allocate(self, commune: str, year: int, series: str, number: int | None) -> int:
        last = self.last_number(commune, year, series)
        if number is None:
            n = last + 1
        else:
            if number < 1:
                raise InputRefused("Số văn bản phải lớn hơn 0")
            if self.lookup(commune, year, series, number) is not None:
                raise InputRefused(f"Số {number_ref(number, series)} năm {year} đã được dùng; không dùng lại")
            n = number
        self._allocate_counter(commune, year, series, n)
        return n

    def set_next(self, commune: str, year: int, series: str, next_number: int) -> None:
        """Start numbering at ``next_number`` (numbers the commune already used outside povdesk).
        Only moves forward: a number once passed is never handed out again."""
        last = self.last_number(commune, year, series)
        if next_number - 1 < last:
            raise InputRefused(f"Sổ đã cấp đến số {last:02d}/{series} năm {year}; số tiếp theo phải lớn hơn")
        with self.ws.operation("Đặt số văn bản tiếp theo", f"{commune} {year} {series}: {next_number}"):
            self._allocate_counter(commune, year, series, next_number - 1)

    def _allocate_counter(self, commune: str, year: int, series: str, last: int) -> None:
        self.ws.conn.execute(
            "INSERT INTO doc_counters (commune_code, year, series, last_number) VALUES (?,?,?,?)"
            " ON CONFLICT(commune_code, year, series) DO UPDATE SET"
            " last_number=max(last_number, excluded.last_number)",
            (commune, year, series, last),
        )

    def void(self, entry_id: int, reason: str) -> None:
        """Void an issued document (lost, wrong): it keeps its number; the next print of its
        subject gets a new number."""
        row = self.ws.conn.execute("SELECT status FROM doc_register WHERE id=?", (entry_id,)).fetchone()
        if row is None:
            raise NotFound(f"Không có văn bản số hiệu {entry_id} trong sổ")
        with self.ws.operation("Hủy văn bản", f"sổ #{entry_id}: {reason}"):
            self.ws.conn.execute(
                "UPDATE doc_register SET status=?, void_reason=? WHERE id=?", (VOIDED, reason, entry_id)
            )

    def log_print(self, *, document: str, commune: str | None, review_year: int | None,
                  entry: RegisterEntry | None = None, ma_ho: str | None = None, copy: int = 0,
                  output: str | None = None) -> None:  # fmt: skip
        from povdesk.households import now_iso

        self.ws.conn.execute(
            "INSERT INTO print_log (at, user, document, commune_code, review_year, ma_ho, register_id,"
            " number_text, copy, output) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (now_iso(), self.ws.user, document, commune, review_year,
             entry.ma_ho if entry else ma_ho, entry.id if entry else None,
             entry.number_text if entry else None, copy, output),
        )  # fmt: skip
