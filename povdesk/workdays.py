"""Working days (ngày làm việc): Monday–Friday except public holidays.

The fixed solar holidays are built in; lunar ones (Tết, Giỗ Tổ Hùng Vương) and the extra day
around 2 September move every year, so a commune lists them in the ``holidays`` setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

#: (month, day) of the solar public holidays of the Labour Code 2019.
FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))


def is_working_day(d: dt.date, holidays: Collection[dt.date] = ()) -> bool:
    return d.weekday() < 5 and (d.month, d.day) not in FIXED_HOLIDAYS and d not in holidays


def period_end(start: dt.date, working_days: int, holidays: Collection[dt.date] = ()) -> dt.date:
    """Last day of a period of ``working_days`` working days beginning on ``start``.

    ``start`` counts if it is a working day: a 3-day posting from Monday 6/10/2025 ends on
    Wednesday 8/10/2025; from Friday it ends on the next Tuesday.
    """
    if working_days < 1:
        raise ValueError("working_days must be >= 1")
    d, left = start, working_days
    while True:
        if is_working_day(d, holidays):
            left -= 1
            if left == 0:
                return d
        d += dt.timedelta(days=1)


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date] = ()) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    n, d = 0, start + dt.timedelta(days=1)
    while d <= end:
        n += is_working_day(d, holidays)
        d += dt.timedelta(days=1)
    return n
