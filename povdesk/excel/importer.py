"""Import a household review workbook: read, check everything, then write all or nothing.

    report = import_workbook(ws, "xa.xlsx", progress=on_progress, cancel=token)

The order is the contract (shared/domain/workbook-format.md):

1. read and parse both sheets (:mod:`povdesk.excel.reader`): every bad cell is a problem;
2. tie members to households, find duplicate keys, unknown and ambiguous household codes;
3. check each household as the editor and the CLI do — required answers by age
   (:func:`povdesk.validation.check_values`), then heads, ``stt``, ID numbers, the year's rule
   set and classification (:func:`povdesk.households.check_against`) — in worker processes for
   big workbooks (:mod:`povdesk.excel.checking`);
4. if any problem is an error: raise :class:`ValidationError` listing *every* problem located
   by sheet, Excel row and column code (nothing written);
5. otherwise write everything in one operation with the fast path (:mod:`povdesk.batch`):
   re-importing the same workbook reports every household ``unchanged`` and changes nothing
   (not even an operation is recorded).

With worker processes, step 5's rows are written *while* the workers check (the writes are
inside the operation's transaction, so an error found afterwards still rolls everything back).

``check_values`` is only called for households whose cells leave any doubt (a blank in a
required column, a birth in the survey year …); for the rest a column-wise test proves it
would find nothing, which keeps a province workbook within budget.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from povdesk.batch import (
    INSERTED,
    UNCHANGED,
    UPDATED,
    BatchReport,
    BatchWriter,
    StoredHousehold,
    plan,
    row_digest,
    stale_classifications,
    stored_keys,
    write_batch,
)
from povdesk.changes import Changes
from povdesk.errors import Problem, ValidationError
from povdesk.excel.checking import (
    Checker,
    CheckRun,
    Item,
    Result,
    default_workers,
    parse_birth_text,
    parse_iso_date,
)
from povdesk.excel.columns import display, to_domain
from povdesk.excel.reader import Book, SheetData, read_book
from povdesk.excel.sniff import sniff
from povdesk.fields import FIELDS_BY_CODE, HEAD, HOUSEHOLD_SHEET, MEMBER_SHEET
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.records import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from povdesk.rules.classifier import age_years
from povdesk.validation import check_values

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

H_SPECS = FIELDS_BY_CODE[HOUSEHOLD_SHEET]
M_SPECS = FIELDS_BY_CODE[MEMBER_SHEET]
CHECK_CHUNK = 2000
# The shipped list of commune codes; ``None`` until the 3,321-row list ships (then unknown codes
# become warnings: older data carries pre-2025 codes).
KNOWN_COMMUNES: frozenset[str] | None = None
_BYTES_PER_HOUSEHOLD = 300  # rough xlsx size of a household with its members, to size the pool


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    path: Path
    households: int
    members: int
    inserted: int
    updated: int
    unchanged: int
    warnings: tuple[Problem, ...] = ()
    classes: dict[str, int] = field(default_factory=dict)  # HouseholdClass value -> households
    dry_run: bool = False
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` output (shared/design/cli.md): exactly these keys."""
        return {
            "households": self.households, "members": self.members, "inserted": self.inserted,
            "updated": self.updated, "unchanged": self.unchanged,
            "warnings": [str(w) for w in self.warnings],
        }  # fmt: skip


def import_workbook(
    ws: Workspace,
    path: Path | str,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    dry_run: bool = False,
    workers: int | None = None,
) -> ImportReport:
    """Import the workbook at ``path`` all or nothing; see the module docstring.

    Raises :class:`ValidationError` (every problem, nothing written) for a bad workbook and
    :class:`~povdesk.errors.Interrupted` when cancelled (nothing written). ``workers``: worker
    processes for the checks (default: by workbook size and CPU count; 0 = this process only).
    """
    path = Path(path)
    kind = sniff(path)
    if workers is None:
        workers = default_workers(path.stat().st_size // _BYTES_PER_HOUSEHOLD)
    checker = Checker(ws.rules, workers)
    try:
        book = read_book(path, kind, progress=progress, cancel=cancel)
        if not book.usable:
            raise ValidationError(
                sort_problems(book.problems), "Sổ Excel không đúng mẫu, không có gì được nhập"
            )
        job = _Assembly(book)
        job.assemble()
        chunks = [job.items[i : i + CHECK_CHUNK] for i in range(0, len(job.items), CHECK_CHUNK)]
        rep = Reporter("Đang kiểm tra và phân loại", len(job.items), progress, cancel)
        run = checker.start(chunks)  # the workers start; meanwhile, here:
        if checker.pool is not None and not dry_run and not any(p.is_error for p in job.problems):
            rows = _rows_to_write(ws, job.items)
            if rows is not None:
                return _write_while_checking(ws, path, job, rows, run, rep, progress, cancel)
        stored = job.finish(run.finish(rep.step, cancel))
    finally:
        checker.close()
    rep.finish()
    problems = sort_problems(job.problems)
    if any(p.is_error for p in problems):
        raise ValidationError(problems, REFUSED)
    statuses, ids = plan(ws, stored)
    writes = any(s != UNCHANGED for s in statuses)
    known = [(i, s.cls_row) for i, s in zip(ids, stored, strict=True) if i is not None]
    if dry_run or (not writes and not stale_classifications(ws, known)):  # nothing to write
        counts = {s: statuses.count(s) for s in (INSERTED, UPDATED, UNCHANGED)}
        planned = BatchReport([], statuses, counts[INSERTED], counts[UPDATED], counts[UNCHANGED], 0)
        return replace(_report(path, stored, problems, planned), dry_run=dry_run)
    return _write(ws, path, job, stored, problems, progress, cancel)


REFUSED = "Sổ Excel có lỗi, không có gì được nhập"


@dataclass(frozen=True, slots=True)
class _Rows:
    hrow: tuple[Any, ...]
    mrows: Sequence[tuple[Any, ...]]
    digest: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.hrow[0], self.hrow[1], self.hrow[2])


def _rows_to_write(ws: Workspace, items: Sequence[Item]) -> list[_Rows] | None:
    """The rows to write while the workers check, or ``None`` if nothing would change.

    Content hashes are computed here only for households already stored (their status depends
    on it); new ones are written with an empty hash that the workers' hash replaces later."""
    existing = stored_keys(ws, [(h[0], h[1], h[2]) for h, _ in items])
    rows = [_Rows(h, m, row_digest(h, m) if (h[0], h[1], h[2]) in existing else "") for h, m in items]
    if all(r.key in existing and existing[r.key][1] == r.digest for r in rows):
        return None
    return rows


def _write_while_checking(
    ws: Workspace,
    path: Path,
    job: _Assembly,
    rows: list[_Rows],
    run: CheckRun,
    rep: Reporter,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> ImportReport:
    """One operation: rows first (workers classify meanwhile), then the checks' verdict; any
    error raises inside the transaction, which rolls everything back."""
    with (
        ws.operation("Nhập sổ Excel", f"{path.name}: {len(rows)} hộ") as op,
        BatchWriter(ws, op, progress=progress, cancel=cancel) as w,
    ):
        try:
            w.write_rows(rows, between=run.keep_up)
        except ValidationError as e:  # locked records (reviews): say which rows
            raise ValidationError(sort_problems(job.locate_by_code(e.problems)), e.summary) from None
        stored = job.finish(run.finish(rep.step, cancel))
        rep.finish()
        problems = sort_problems(job.problems)
        if any(p.is_error for p in problems):
            raise ValidationError(problems, REFUSED)
        w.set_digests([s.digest for s in stored])
        w.write_classifications([s.cls_row for s in stored])
        br = w.report()
    return _report(path, stored, problems, br)


def _report(
    path: Path, stored: list[StoredHousehold], warnings: list[Problem], br: BatchReport
) -> ImportReport:
    classes: dict[str, int] = {}
    for s in stored:
        classes[s.cls_row[1]] = classes.get(s.cls_row[1], 0) + 1
    return ImportReport(
        path, len(stored), sum(len(s.mrows) for s in stored), br.inserted, br.updated, br.unchanged,
        tuple(warnings), classes, False, br.changes,
    )  # fmt: skip


def _write(
    ws: Workspace,
    path: Path,
    job: _Assembly,
    stored: list[StoredHousehold],
    warnings: list[Problem],
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> ImportReport:
    try:
        with ws.operation("Nhập sổ Excel", f"{path.name}: {len(stored)} hộ") as op:
            br = write_batch(ws, stored, op, progress=progress, cancel=cancel)
    except ValidationError as e:  # locked records (reviews): say which rows
        raise ValidationError(sort_problems(job.locate_by_code(e.problems)), e.summary) from None
    return _report(path, stored, warnings, br)


_SHEET_ORDER = {HOUSEHOLD_SHEET: 1, MEMBER_SHEET: 2}


def sort_problems(problems: Sequence[Problem]) -> list[Problem]:
    """File-level problems first, then by sheet (Ho, ThanhVien), row and column order."""
    order = {c: i for i, c in enumerate([*H_SPECS, *M_SPECS])}

    def key(p: Problem) -> tuple[int, str, int, int]:
        sheet = 0 if p.sheet is None else _SHEET_ORDER.get(p.sheet, 3)
        return (sheet, p.sheet or "", p.row or 0, order.get(p.field or "", -1))

    return sorted(problems, key=key)


class _Assembly:
    """Ties members to households and decides which households are fit to check."""

    def __init__(self, book: Book) -> None:
        assert book.households is not None and book.members is not None
        self.ho: SheetData = book.households
        self.tv: SheetData = book.members
        self.problems: list[Problem] = list(book.problems)
        self.failed: set[int] = set()  # households with an error (not checked further)
        self.untied: set[int] = set()  # households whose members cannot be told apart
        self.items: list[Item] = []
        self.item_households: list[int] = []
        self._error_cells = {(p.sheet, p.row, p.field) for p in self.problems if p.is_error}
        self._error_rows = {(p.sheet, p.row) for p in self.problems if p.is_error}

    # --- columns -----------------------------------------------------------------------------

    def hv(self, code: str) -> list[Any]:
        col = self.ho.columns.get(code)
        return col.values if col is not None else [None] * len(self.ho)

    def mv(self, code: str) -> list[Any]:
        col = self.tv.columns.get(code)
        return col.values if col is not None else [None] * len(self.tv)

    def _prepare(self, data: SheetData) -> None:
        """Drop rows with nothing in any known column; apply the x/empty yes/no convention."""
        title = data.layout.title
        key = data.columns.get("ma_ho")
        cols = list(data.columns.values())
        if key is not None and None in key.values:
            blank = {
                i for i, v in enumerate(key.values)
                if v is None and (title, data.rows[i]) not in self._error_rows
                and all(c.values[i] is None for c in cols)
            }  # fmt: skip
            if blank:
                keep = [i for i in range(len(data.rows)) if i not in blank]
                data.rows = [data.rows[i] for i in keep]
                for c in cols:
                    c.values = [c.values[i] for i in keep]
        for c in cols:
            if c.spec.kind == "bool" and c.saw_x and None in c.values:
                c.values = [0 if v is None else v for v in c.values]

    # --- assembly ----------------------------------------------------------------------------

    def assemble(self) -> None:
        self._prepare(self.ho)
        self._prepare(self.tv)
        if not len(self.ho):
            self.problems.append(Problem("Sheet không có hộ nào", sheet=self.ho.layout.title))
            return
        self._keys()
        self.members_of, self.owner = self._tie_members()
        self._commune_warnings()
        doubtful = self._doubtful() - self.untied
        for h in sorted(doubtful):
            self._check_values(h)
        self._items()

    def _keys(self) -> None:
        """Duplicate keys (commune, code, year) within the workbook: an error on each row."""
        first: dict[tuple[Any, Any, Any], int] = {}
        rows, title = self.ho.rows, self.ho.layout.title
        for i, key in enumerate(zip(self.hv("ma_xa"), self.hv("ma_ho"), self.hv("nam_ra_soat"), strict=True)):
            if None in key:
                continue
            j = first.setdefault(key, i)
            if j == i:
                continue
            for a, b in ((i, j), (j, i)) if j not in self.failed else ((i, j),):
                self.problems.append(
                    Problem(f"Hộ trùng với hộ ở dòng {rows[b]} (cùng mã xã {key[0]}, mã hộ {key[1]}, năm "
                            f"{key[2]}): mỗi hộ chỉ được một dòng", field="ma_ho", sheet=title, row=rows[a],
                            value=str(key[1]))
                )  # fmt: skip
                self.failed.add(a)

    def _tie_members(self) -> tuple[list[list[int]], list[int]]:
        codes = self.hv("ma_ho")
        by_code: dict[str, list[int]] = {}
        for i, c in enumerate(codes):
            if c is not None:
                by_code.setdefault(c, []).append(i)
        single = {c: rows[0] for c, rows in by_code.items() if len(rows) == 1}
        members_of: list[list[int]] = [[] for _ in codes]
        found: list[int | None] = list(map(single.get, self.mv("ma_ho")))  # None: blank, unknown, shared
        ambiguous: set[str] = set()
        if None in found:
            mcodes = self.mv("ma_ho")
            for k in [k for k, h in enumerate(found) if h is None]:
                found[k] = self._resolve(k, mcodes[k], by_code, ambiguous)
        owner = cast(list[int], found)  # every None resolved (-1: no household)
        for k, h in enumerate(owner):
            if h >= 0:
                members_of[h].append(k)
        for c in sorted(ambiguous):
            self._ambiguous(c, by_code[c])
        return members_of, owner

    def _resolve(self, k: int, code: str | None, by_code: dict[str, list[int]], ambiguous: set[str]) -> int:
        """Household of member row ``k`` whose code is blank, unknown or used more than once."""
        title, row = self.tv.layout.title, self.tv.rows[k]
        if code is None:
            if (title, row, "ma_ho") not in self._error_cells:
                self.problems.append(Problem("Thiếu mã hộ", field="ma_ho", sheet=title, row=row))
            return -1
        candidates = by_code.get(code)
        if not candidates:
            self.problems.append(
                Problem(f"Mã hộ '{code}' không có trong sheet {self.ho.layout.title}", field="ma_ho",
                        sheet=title, row=row, value=code)
            )  # fmt: skip
            return -1
        keys = {(self.hv("ma_xa")[h], self.hv("nam_ra_soat")[h]) for h in candidates}
        if len(keys) == 1:  # the same household twice: already an error on sheet Ho
            return candidates[0]
        extras = [(c, self.mv(c)[k]) for c in ("ma_xa", "nam_ra_soat") if c in self.tv.columns]
        picked = [h for h in candidates if all(self.hv(c)[h] == v for c, v in extras)] if extras else []
        if len({(self.hv("ma_xa")[h], self.hv("nam_ra_soat")[h]) for h in picked}) == 1:
            return picked[0]
        ambiguous.add(code)
        return -1

    def _ambiguous(self, code: str, households: list[int]) -> None:
        rows = ", ".join(str(self.ho.rows[h]) for h in households[:5]) + (
            ", …" if len(households) > 5 else ""
        )
        for h in households:
            self.failed.add(h)
            self.untied.add(h)
            self.problems.append(
                Problem(f"Mã hộ '{code}' dùng cho nhiều hộ khác xã hoặc khác năm (các dòng {rows}): sheet "
                        f"{self.tv.layout.title} không biết thành viên thuộc hộ nào. Hãy đặt mã hộ riêng cho "
                        "mỗi hộ trong tệp (hoặc thêm cột ma_xa, nam_ra_soat vào sheet thành viên)",
                        field="ma_ho", sheet=self.ho.layout.title, row=self.ho.rows[h], value=code)
            )  # fmt: skip

    def _commune_warnings(self) -> None:
        if KNOWN_COMMUNES is None:
            return
        title = self.ho.layout.title
        for i, code in enumerate(self.hv("ma_xa")):
            if code is not None and code not in KNOWN_COMMUNES:
                self.problems.append(
                    Problem(f"Mã xã '{code}' không có trong danh mục xã (có thể là mã cũ trước 2025)",
                            field="ma_xa", sheet=title, row=self.ho.rows[i], value=code, severity="warning")
                )  # fmt: skip

    def _doubtful(self) -> set[int]:
        """Households for which ``check_values`` might find something (a superset)."""
        out: set[int] = set()
        owner = self.owner
        for data, to_household in ((self.ho, None), (self.tv, owner)):
            bad = {r for s, r in self._error_rows if s == data.layout.title}
            if bad:  # a cell that did not parse: the household is refused (and checked for more)
                self._none_rows([None if r in bad else r for r in data.rows], self.failed, to_household)
        out |= self.failed
        out.update(h for h, ms in enumerate(self.members_of) if not ms)
        for code, spec in H_SPECS.items():
            if spec.required:
                self._none_rows(self.hv(code), out)
        income, score = self.hv("thu_nhap_bq"), self.hv("diem_a")
        if None in income:
            out.update(i for i, v in enumerate(income) if v is None and score[i] is None)
        by_age = []
        for code, spec in M_SPECS.items():
            if isinstance(spec.required, tuple):
                col = self.mv(code)
                if None in col:
                    by_age.append((col, *spec.required))
            elif spec.required and code != "ma_ho":
                self._none_rows(self.mv(code), out, owner)
        surveys = self.hv("ngay_ra_soat")
        survey_year = [int(d[:4]) if d else 0 for d in surveys]
        births = self.mv("ngay_sinh")
        year_of = {b: int(b[:4]) for b in set(births) if b is not None}
        for k, h in enumerate(owner):
            b = births[k]
            if h < 0 or b is None or h in out:
                continue
            rough = survey_year[h] - year_of[b]  # the age is rough or rough - 1
            if rough <= 0:
                out.add(h)  # born in or after the survey year: the age may be negative
                continue
            for col, lo, hi in by_age:
                if (
                    col[k] is None
                    and lo <= rough <= hi + 1
                    and (lo < rough <= hi or lo <= self._age(k, h) <= hi)
                ):
                    out.add(h)  # an answer required at this age is missing
                    break
        return out

    def _age(self, k: int, h: int) -> int:
        """Age of member ``k`` at household ``h``'s survey date (both known)."""
        return age_years(
            parse_birth_text(self.mv("ngay_sinh")[k]), parse_iso_date(self.hv("ngay_ra_soat")[h])
        )

    @staticmethod
    def _none_rows(values: list[Any], out: set[int], owner: list[int] | None = None) -> None:
        if None not in values:
            return
        for i, v in enumerate(values):
            if v is None:
                j = i if owner is None else owner[i]
                if j >= 0:
                    out.add(j)

    def _check_values(self, h: int) -> None:
        """Required answers (by age) exactly as :func:`check_values` reports them."""
        values = {c: to_domain(s, self.hv(c)[h]) for c, s in H_SPECS.items()}
        members = [{c: to_domain(s, self.mv(c)[k]) for c, s in M_SPECS.items()} for k in self.members_of[h]]
        found = [p for q in check_values(values, members) for p in self.locate(h, q)]
        found = [p for p in found if (p.sheet, p.row, p.field) not in self._error_cells]
        if any(p.is_error for p in found):
            self.failed.add(h)
        self.problems += found

    def _items(self) -> None:
        """Storage rows of every household still fit to check (members by ``stt``)."""
        hcols = []
        for c in HOUSEHOLD_COLUMNS:
            col = self.hv(c)
            hcols.append([v or "" for v in col] if H_SPECS[c].kind == "list" else col)
        hrows = list(zip(*hcols, strict=True))
        mcols = []
        for c in MEMBER_COLUMNS:
            col = self.mv(c)
            mcols.append(["01" if v is None else v for v in col] if c == "dan_toc" else col)
        mrows = list(zip(*mcols, strict=True))
        by_stt = operator.itemgetter(0)
        failed = self.failed
        for h, ms in enumerate(self.members_of):
            if h not in failed:
                self.items.append((hrows[h], sorted([mrows[k] for k in ms], key=by_stt)))
                self.item_households.append(h)

    # --- results -----------------------------------------------------------------------------

    def finish(self, results: Sequence[Result]) -> list[StoredHousehold]:
        """Locate the checks' problems; the households to write (if there is no error)."""
        out: list[StoredHousehold] = []
        for h, (hrow, mrows), (digest, cls_row, problems) in zip(
            self.item_households, self.items, results, strict=True
        ):
            for p in problems:
                self.problems += self.locate(h, p)
            if cls_row is not None:
                out.append(StoredHousehold(hrow, tuple(mrows), cls_row, digest))
        return out

    def locate(self, h: int, p: Problem) -> list[Problem]:
        """``p`` (about household ``h``) placed on its sheet row(s) and column."""
        if p.member is not None:
            ks = self._member_rows(h, p.member)
            if ks:
                return [self._at_member(k, p) for k in ks]
        if p.field is not None and p.field not in H_SPECS and p.field in M_SPECS:
            ks = self._roster_rows(h, p.field)
            if ks:
                return [self._at_member(k, p) for k in ks]
        value = p.value if p.value is not None else self._shown(H_SPECS, self.hv, p.field, h)
        return [replace(p, sheet=self.ho.layout.title, row=self.ho.rows[h], member=None, value=value)]

    def _at_member(self, k: int, p: Problem) -> Problem:
        value = p.value if p.value is not None else self._shown(M_SPECS, self.mv, p.field, k)
        return replace(p, sheet=self.tv.layout.title, row=self.tv.rows[k], member=None, value=value)

    @staticmethod
    def _shown(specs: dict[str, Any], col: Any, code: str | None, i: int) -> str | None:
        if code is None or code not in specs:
            return None
        return display(specs[code], col(code)[i])

    def _member_rows(self, h: int, number: int) -> list[int]:
        ms = self.members_of[h]
        stts = self.mv("stt")
        hits = [k for k in ms if stts[k] == number]
        if not hits and 1 <= number <= len(ms):
            hits = [ms[number - 1]]
        return hits

    def _roster_rows(self, h: int, code: str) -> list[int]:
        """Rows a household-wide roster problem points at: each head if several, else the first."""
        ms = self.members_of[h]
        if code == "quan_he":
            rel = self.mv("quan_he")
            heads = [k for k in ms if rel[k] == HEAD]
            if len(heads) > 1:
                return heads
        return ms[:1]

    def locate_by_code(self, problems: Sequence[Problem]) -> list[Problem]:
        """Problems naming a household code (``value``) placed on that household's row(s)."""
        rows: dict[str, list[int]] = {}
        for h, c in enumerate(self.hv("ma_ho")):
            if c is not None:
                rows.setdefault(c, []).append(h)
        out: list[Problem] = []
        for p in problems:
            hs = rows.get(p.value or "", []) if p.field == "ma_ho" else []
            out += [replace(p, sheet=self.ho.layout.title, row=self.ho.rows[h]) for h in hs] or [p]
        return out
