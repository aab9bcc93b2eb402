"""The task runner: core jobs off the GUI thread, results back only through signals.

Writes run one at a time on a single worker thread that owns the workspace's write connection
(``ws.conn``); reads and file work run on a small pool, each worker thread with its own
read-only connection (a read-only :class:`Workspace` over the same file, WAL lets it read while
the writer writes). A job is ``fn(ws, *, progress, cancel)`` — the core's long-job shape — and
never touches a widget: it reports through :class:`Job` signals, which Qt delivers on the GUI
thread (queued connections, because the emitting thread is not the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from povdesk.db import connect
from povdesk.errors import Interrupted
from povdesk.progress import CancelToken, Progress
from povdesk.workspace import Workspace

log = logging.getLogger(__name__)

JobFn = Callable[..., Any]


class Job(QObject):
    """One submitted job. Exactly one of ``finished``/``failed``/``cancelled`` fires, once."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception
    cancelled = Signal()
    done = Signal()  # after any of the three

    def __init__(self, label: str, *, write: bool) -> None:
        super().__init__()
        self.label = label
        self.write = write
        self.token = CancelToken()
        self.result: Any = None
        self.error: BaseException | None = None
        self.future: Future[Any] | None = None

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def is_done(self) -> bool:
        return self.future is not None and self.future.done()


def reader_workspace(ws: Workspace) -> Workspace:
    """A read-only workspace over the same file (own connection, same rules and user)."""
    return Workspace(ws.path, connect(ws.path, readonly=True), ws.rules, ws.user)


class TaskRunner(QObject):
    """Runs jobs: ``write()`` serialised on one thread, ``read()`` on a pool of two."""

    job_started = Signal(object)  # Job
    job_did_finish = Signal(object)  # Job, after its own signals

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="povdesk-write")
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="povdesk-read")
        self._local = threading.local()
        self._reader_ws: list[Workspace] = []
        self._lock = threading.Lock()
        self.active: list[Job] = []

    def write(self, fn: JobFn, *args: Any, label: str = "", **kwargs: Any) -> Job:
        """Run ``fn(ws, *args, progress=…, cancel=…, **kwargs)`` on the writer thread."""
        return self._submit(self._writer, fn, args, kwargs, label, write=True)

    def read(self, fn: JobFn, *args: Any, label: str = "", **kwargs: Any) -> Job:
        """Run ``fn(reader_ws, …)`` on a reader thread with its own read-only connection."""
        return self._submit(self._readers, fn, args, kwargs, label, write=False)

    def _submit(
        self, pool: ThreadPoolExecutor, fn: JobFn, args: tuple[Any, ...], kwargs: dict[str, Any], label: str,
        *, write: bool,
    ) -> Job:  # fmt: skip
        job = Job(label, write=write)
        self.active.append(job)
        job.done.connect(lambda: self._finished(job))
        job.future = pool.submit(self._run, job, fn, args, kwargs)
        self.job_started.emit(job)
        return job

    def _finished(self, job: Job) -> None:
        if job in self.active:
            self.active.remove(job)
        self.job_did_finish.emit(job)

    def _run(self, job: Job, fn: JobFn, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        def progress(p: Progress) -> None:
            job.progressed.emit(p)

        try:
            ws = self.ws if job.write else self._reader()
            job.token.check()
            job.result = fn(ws, *args, progress=progress, cancel=job.token, **kwargs)
        except Interrupted:
            job.cancelled.emit()
        except BaseException as e:  # reported on the GUI thread, never swallowed
            if not isinstance(e, Exception):
                log.exception("job %s died", job.label)
            job.error = e
            job.failed.emit(e)
        else:
            job.finished.emit(job.result)
        job.done.emit()

    def _reader(self) -> Workspace:
        ws: Workspace | None = getattr(self._local, "ws", None)
        if ws is None:
            ws = reader_workspace(self.ws)
            self._local.ws = ws
            with self._lock:
                self._reader_ws.append(ws)
        return ws

    def wait(self, timeout: float | None = None) -> None:
        """Block until every submitted job has ended (tests, shutdown)."""
        for job in list(self.active):
            if job.future is not None:
                job.future.exception(timeout=timeout)

    def shutdown(self) -> None:
        """Cancel what runs, wait for it, close the reader connections."""
        for job in list(self.active):
            job.cancel()
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        with self._lock:
            for ws in self._reader_ws:
                ws.conn.close()
            self._reader_ws.clear()


def without_progress(fn: Callable[..., Any]) -> JobFn:
    """Adapt a core call that takes no ``progress``/``cancel`` to the job shape."""

    def job(
        ws: Workspace, *args: Any, progress: Any = None, cancel: CancelToken | None = None, **kw: Any
    ) -> Any:
        if cancel is not None:
            cancel.check()
        return fn(ws, *args, **kw)

    return job
