"""Whole-household checks and classification of storage-form rows, in this process or in workers.

An import hands households over as storage-form row tuples (cheap to pickle), and gets back, per
household, its content hash, its classification row (``None`` if it has errors) and every
problem :func:`povdesk.households.check_against` found — the very checks ``Households.check``
runs for the editor and the CLI. On a multi-core machine :class:`Checker` spreads chunks over
worker processes (spawned, so it behaves the same on Windows) and works on chunks itself while
they run.

Trap: a frozen (PyInstaller) executable must call ``multiprocessing.freeze_support()`` first
thing in its ``__main__`` (main.py and packaging/entry_cli.py do), or each worker would start
the application again.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import operator
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import fields
from functools import lru_cache
from typing import Any

from povdesk.batch import classification_row, row_digest
from povdesk.domain import Household, Member
from povdesk.errors import Problem
from povdesk.households import check_against
from povdesk.progress import CancelToken
from povdesk.records import HOUSEHOLD_COLUMNS, LIST_SEP
from povdesk.rules import RuleBook
from povdesk.text import PartialDate

Row = tuple[Any, ...]
Item = tuple[Row, Sequence[Row]]  # (household row, member rows) in storage form
Result = tuple[str, Row | None, list[Problem]]  # (digest, classification row, problems)

_H = {c: i for i, c in enumerate(HOUSEHOLD_COLUMNS)}
_DATE, _LISTS = _H["ngay_ra_soat"], (_H["thiet_bi_thong_tin"], _H["nguyen_nhan_ngheo"])
_BOOLS = (_H["dung_internet"], _H["ho_co_cong"])


@lru_cache(maxsize=4096)
def parse_iso_date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


@lru_cache(maxsize=65536)
def parse_birth_text(s: str) -> PartialDate:
    return PartialDate(*(int(p) for p in s.split("-")))


_TO_HOUSEHOLD = operator.itemgetter(*(_H[f.name] for f in fields(Household) if f.name != "members"))
_FLAG = {None: None, 0: False, 1: True}


def household_from_storage(hrow: Row, mrows: Sequence[Row]) -> Household:
    """The domain household of storage rows (equal to ``records.household_from_rows``)."""
    v = list(hrow)
    v[_DATE] = parse_iso_date(v[_DATE])
    flag = _FLAG
    for i in _BOOLS:
        v[i] = flag[v[i]]
    for i in _LISTS:
        v[i] = tuple(v[i].split(LIST_SEP)) if v[i] else ()
    members = []
    for m in mrows:
        stt, name, rel, sex, birth, eth, pid, work, able, allowance, bhyt, edu, school, food = m
        members.append(
            Member(stt, name, rel, sex, parse_birth_text(birth), eth, pid, work, flag[able], flag[allowance],
                   flag[bhyt], edu, flag[school], food)
        )  # fmt: skip
    return Household(*_TO_HOUSEHOLD(v), tuple(members))  # type: ignore[call-arg]  # positional: fast


def check_items(rules: RuleBook, items: Sequence[Item], digests: bool = True) -> list[Result]:
    """Digest (unless ``digests`` is false: ``""``), check and classify each household, as
    ``Households.check`` does."""
    out: list[Result] = []
    for hrow, mrows in items:
        h = household_from_storage(hrow, mrows)
        cls, problems = check_against(h, rules)
        digest = row_digest(hrow, mrows) if digests else ""
        out.append((digest, None if cls is None else classification_row(cls), problems))
    return out


_RULES: RuleBook | None = None


def _init_worker(rules: RuleBook) -> None:
    global _RULES
    _RULES = rules


def _work(items: Sequence[Item], digests: bool) -> list[Result]:
    assert _RULES is not None
    return check_items(_RULES, items, digests)


def _ready() -> bool:
    return True


def default_workers(households: int) -> int:
    """Worker processes worth starting for an import of this size (0: check in this process)."""
    cpus = os.cpu_count() or 1
    return 0 if households < 4000 or cpus < 2 else min(cpus - 1, 3)


class Checker:
    """Checks chunks of households, in worker processes when ``workers > 0``.

    Start it early (the workers spawn and import povdesk while the workbook is read); always
    :meth:`close`. :meth:`start` hands every chunk to the workers at once and returns; the
    caller may do other work (write rows) before :meth:`CheckRun.finish`, which checks the
    chunks no worker has taken yet in this process, from the back, then waits for the rest.
    """

    def __init__(self, rules: RuleBook, workers: int) -> None:
        self.rules = rules
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            try:
                self.pool = ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(rules,),
                )  # fmt: skip
                for _ in range(workers):
                    self.pool.submit(_ready)  # spawn now, not when the first chunk is ready
            except (OSError, RuntimeError):
                self.pool = None

    def start(self, chunks: Sequence[Sequence[Item]], *, digests: bool = True) -> CheckRun:
        """Hand every chunk to the workers (if any) and return at once."""
        return CheckRun(self, chunks, digests)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


class CheckRun:
    """The chunks of one :meth:`Checker.start`: results come from the workers or from here.

    This process takes back chunks no worker has started, from the back: in :meth:`keep_up`
    (while it does other work, to finish at the same time as the workers) and in :meth:`finish`.
    """

    def __init__(self, checker: Checker, chunks: Sequence[Sequence[Item]], digests: bool) -> None:
        self.checker, self.chunks, self.digests = checker, chunks, digests
        self.futures: list[Future[list[Result]] | None] = [None] * len(chunks)
        self.results: list[list[Result] | None] = [None] * len(chunks)
        self._back = len(chunks)  # chunks from here on are taken back (checked here)
        pool = checker.pool
        if pool is not None:
            try:
                self.futures = [pool.submit(_work, chunk, digests) for chunk in chunks]
            except (BrokenProcessPool, RuntimeError):
                checker.pool = None

    def _here(self, i: int) -> list[Result]:
        return check_items(self.checker.rules, self.chunks[i], self.digests)

    def _take_back(self) -> bool:
        """Check the last chunk no worker has started here; False if there is none."""
        i = self._back - 1
        if i < 0:
            return False
        fut = self.futures[i]
        if fut is not None and not fut.cancel():
            return False
        self.results[i] = self._here(i)
        self._back = i
        return True

    def keep_up(self, fraction: float) -> None:
        """Called as other work here reaches ``fraction`` of its total: take back a chunk if the
        workers, at their pace, would finish later than this process."""
        taken = sum(1 for f in self.futures[: self._back] if f is not None and (f.running() or f.done()))
        if (taken + len(self.chunks) - self._back) < fraction * len(self.chunks):
            self._take_back()

    def finish(self, done: Callable[[int], None], cancel: CancelToken | None = None) -> list[Result]:
        """Every chunk's results, in order; ``done(n)`` after each chunk of ``n`` households."""
        n = len(self.chunks)
        for i in range(self._back, n):
            done(len(self.chunks[i]))
        while self._back > 0:
            if cancel is not None:
                cancel.check()
            if not self._take_back():
                break
            done(len(self.chunks[self._back]))
        for i in range(n):
            if self.results[i] is None:
                self.results[i] = self._wait(i, cancel)
                done(len(self.chunks[i]))
        return [r for chunk in self.results if chunk is not None for r in chunk]

    def _wait(self, i: int, cancel: CancelToken | None) -> list[Result]:
        fut = self.futures[i]
        assert fut is not None
        while True:
            if cancel is not None:
                cancel.check()
            try:
                return fut.result(timeout=0.2)
            except TimeoutError:
                continue
            except BrokenProcessPool:  # a worker died (out of memory?): check that chunk here
                return self._here(i)
