"""The one shape of a long job: ``job(ws, ..., *, progress=None, cancel=None)``.

Jobs are synchronous and Qt-free. They report through a :data:`ProgressFn` (throttled, so a
100k-row loop does not flood the GUI) and check a :class:`CancelToken` between rows or pages,
raising :class:`~povdesk.errors.Interrupted` so the surrounding transaction rolls back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from povdesk.errors import Interrupted


@dataclass(frozen=True)
class Progress:
    label: str
    done: int
    total: int | None = None

    @property
    def fraction(self) -> float | None:
        return None if not self.total else min(1.0, self.done / self.total)


ProgressFn = Callable[[Progress], None]


class CancelToken:
    """Thread-safe cancel flag: the UI calls :meth:`cancel`, the job calls :meth:`check`."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Interrupted("Đã hủy")


class Reporter:
    """Throttled progress + cancel checks for a loop; ``step()`` is cheap to call per row."""

    def __init__(
        self,
        label: str,
        total: int | None,
        progress: ProgressFn | None,
        cancel: CancelToken | None,
        *,
        interval: float = 0.1,
    ) -> None:
        self.label, self.total = label, total
        self._progress, self._cancel, self._interval = progress, cancel, interval
        self.done = 0
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            if self._cancel is not None:
                self._cancel.check()
            if self._progress is not None:
                self._progress(Progress(self.label, self.done, self.total))

    def finish(self) -> None:
        if self._cancel is not None:
            self._cancel.check()
        if self._progress is not None:
            self._progress(Progress(self.label, self.done, self.total))
