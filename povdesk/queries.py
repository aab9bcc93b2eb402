"""The household list as queries: ordered ids from SQL (filters, sort, search), rows by page.

The desktop's household table holds only the ordered ids of :func:`household_ids` and asks
:func:`fetch_rows` for the rows it paints, a page at a time (Anki's browser), so 100,000
households never become 100,000 Python objects. Filtering, sorting and searching happen here,
in SQL:

* **Search** is diacritic-insensitive and prefix-based ("nguyen van ho" finds "Nguyễn Văn
  Hoà"), over the household code, the head's name, every member's name and ID number. It reads
  the FTS5 table ``household_fts`` (migration ``m005_household_search``).
* **Sort** by name or village uses the Vietnamese order of :mod:`povdesk.search` stored in
  ``household_sort``; the default order is village, then head by given name (spec §6.6).

Freshness: triggers mark every written household in ``search_stale``; :func:`refresh_search_index`
rebuilds the index for those (the desktop runs it after every write job). Until then a stale
household is still found (its text is matched here, in Python) but sorts first by name.

Other features plug columns into the list through :data:`HOOKS` (the review stage and review
comments belong to the workflow module, not to this one).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from povdesk.domain import HouseholdClass, HouseholdId
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.search import index_key, text_sort_bytes

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class ListHooks:
    """SQL the workflow feature plugs into the list; every expression is over alias ``h``.

    ``stage_sql``: the household's review stage label (text), e.g.
    ``"(SELECT stage FROM reviews r WHERE r.household_id = h.id)"``; ``stages``: the labels the
    stage filter offers, in workflow order. ``comments_sql``: true when the household has review
    comments (ORed with a non-empty ``ghi_chu``). ``None`` hides the column / filter.
    """

    stage_sql: str | None = None
    stages: tuple[str, ...] = ()
    comments_sql: str | None = None


HOOKS = ListHooks()


def set_list_hooks(hooks: ListHooks) -> None:
    """Install the workflow's list hooks (called once by the module that owns review stages)."""
    global HOOKS
    HOOKS = hooks


# --- filters and sort -------------------------------------------------------------------------

NO_CLASS = "none"  # filter value: households without a stored classification

_CLASS_ORDER = (
    "CASE c.klass WHEN 'poor' THEN 0 WHEN 'near_poor' THEN 1 WHEN 'average' THEN 2 WHEN 'not_poor' THEN 3 END"
)
# Sorts read from household_sort (Vietnamese keys, covered by its (year, …) indexes) …
_NAME_SORTS = {"default": ("s.village", "s.head"), "thon": ("s.village", "s.head"), "chu_ho": ("s.head",)}
# … and sorts over households/classifications columns.
_OTHER_SORTS = {
    "ma_ho": ("h.ma_xa", "h.ma_ho"),
    "members": ("(SELECT count(*) FROM members m WHERE m.household_id = h.id)",),
    "thu_nhap_bq": ("h.thu_nhap_bq", "h.diem_a"),
    "deprivation_count": ("c.deprivation_count",),
    "klass": (_CLASS_ORDER,),
    "stage": (),  # HOOKS.stage_sql
}
SORT_KEYS = (*_NAME_SORTS, *_OTHER_SORTS)
FEW_MATCHES = 20_000


@dataclass(frozen=True)
class HouseholdFilter:
    """What the list shows: filters (``None``/``False`` = all), search text and sort."""

    year: int | None = None
    village: str | None = None
    klass: str | None = None  # a HouseholdClass value or NO_CLASS
    stage: str | None = None
    has_errors: bool = False
    has_comments: bool = False
    search: str = ""
    sort: str = "default"
    descending: bool = False


@dataclass
class _Sql:
    conds: list[str]
    args: list[Any]
    needs_h: bool = False
    needs_c: bool = False


def _filters(f: HouseholdFilter, year_col: str, village_col: str, village_arg: Any) -> _Sql:
    q = _Sql([], [])
    if f.year is not None:
        q.conds.append(f"{year_col} = ?")
        q.args.append(f.year)
    if f.village is not None:
        q.conds.append(f"{village_col} = ?")
        q.args.append(village_arg)
    if f.klass == NO_CLASS or f.has_errors:
        q.conds.append("c.household_id IS NULL")
        q.needs_c = True
    elif f.klass is not None:
        q.conds.append("c.klass = ?")
        q.args.append(HouseholdClass(f.klass).value)
        q.needs_c = True
    if f.stage is not None and HOOKS.stage_sql:
        q.conds.append(f"{HOOKS.stage_sql} = ?")
        q.args.append(f.stage)
        q.needs_h = True
    if f.has_comments:
        extra = f" OR ({HOOKS.comments_sql})" if HOOKS.comments_sql else ""
        q.conds.append(f"(coalesce(h.ghi_chu, '') != ''{extra})")
        q.needs_h = True
    return q


def _direction(cols: Sequence[str], f: HouseholdFilter, tiebreak: str) -> str:
    d = " DESC" if f.descending else ""
    return ", ".join(f"{c}{d}" for c in (*cols, tiebreak))


def household_ids(conn: sqlite3.Connection, f: HouseholdFilter) -> list[HouseholdId]:
    """Ids of the households ``f`` selects, in its order.

    Name and village sorts scan ``household_sort`` in index order (no sort step); households
    not indexed yet (``search_stale``) follow, in id order.
    """
    stale = stale_count(conn) > 0
    words = index_key(f.search).split()
    if f.sort in _NAME_SORTS:
        ids = _ids_by_name(conn, f, words, exclude_stale=stale)
        if stale:
            ids += _ids_by_column(conn, f, words, stale_only=True)
        return ids
    return _ids_by_column(conn, f, words, stale_only=False)


def _as_ids(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[HouseholdId]:
    # Not json_group_array over an ordered subquery: SQLite may drop a subquery's ORDER BY
    # under an aggregate (and aggregate ORDER BY needs SQLite 3.44).
    return [r[0] for r in conn.execute(sql, args).fetchall()]


def _ids_by_name(
    conn: sqlite3.Connection, f: HouseholdFilter, words: Sequence[str], *, exclude_stale: bool
) -> list[HouseholdId]:
    q = _filters(f, "s.year", "s.village", text_sort_bytes(f.village))
    source = "household_sort s"
    if words:
        found = [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM household_fts WHERE household_fts MATCH ?", (_match(words),)
            )
        ]
        if len(found) <= FEW_MATCHES:  # drive from the matches and sort them …
            source = "json_each(?) j CROSS JOIN household_sort s ON s.household_id = j.value"
            q.args.insert(0, json.dumps(found))
        else:  # … or scan the sort index once, keeping the matches (no big sort step)
            q.conds.append("s.household_id IN (SELECT rowid FROM household_fts WHERE household_fts MATCH ?)")
            q.args.append(_match(words))
    if exclude_stale:
        q.conds.append("s.household_id NOT IN (SELECT household_id FROM search_stale)")
    joins = ""
    if q.needs_h:
        joins += " CROSS JOIN households h ON h.id = s.household_id"
    if q.needs_c:
        joins += " LEFT JOIN classifications c ON c.household_id = s.household_id"
    where = f" WHERE {' AND '.join(q.conds)}" if q.conds else ""
    year = "s.year DESC, " if f.year is None else ""
    order = year + _direction(_NAME_SORTS[f.sort], f, "s.household_id")
    return _as_ids(conn, f"SELECT s.household_id AS id FROM {source}{joins}{where} ORDER BY {order}", q.args)


def _ids_by_column(
    conn: sqlite3.Connection, f: HouseholdFilter, words: Sequence[str], *, stale_only: bool
) -> list[HouseholdId]:
    q = _filters(f, "h.nam_ra_soat", "h.thon", f.village)
    cols = _OTHER_SORTS.get(f.sort, ())
    if f.sort == "stage" and HOOKS.stage_sql:
        cols = (HOOKS.stage_sql,)
    if stale_only:
        cols = ()
        q.conds.append("h.id IN (SELECT household_id FROM search_stale)")
    if words:
        q.conds.append(
            "((h.id IN (SELECT rowid FROM household_fts WHERE household_fts MATCH ?)"
            " AND h.id NOT IN (SELECT household_id FROM search_stale))"
            " OR h.id IN (SELECT value FROM json_each(?)))"
        )
        q.args += [_match(words), json.dumps(_stale_matches(conn, words))]
    needs_c = q.needs_c or any("c." in c for c in cols)
    joins = " LEFT JOIN classifications c ON c.household_id = h.id" if needs_c else ""
    where = f" WHERE {' AND '.join(q.conds)}" if q.conds else ""
    order = _direction(cols, f, "h.id")
    return _as_ids(conn, f"SELECT h.id AS id FROM households h{joins}{where} ORDER BY {order}", q.args)


# --- search ----------------------------------------------------------------------------------


def _match(words: Sequence[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


_DOC_SQL = (
    "SELECT h.id AS id, h.ma_ho || ' ' || h.chu_ho || ' ' ||"
    " coalesce(group_concat(m.ho_ten || ' ' || coalesce(m.so_dinh_danh, ''), ' '), '') AS doc"
    " FROM households h LEFT JOIN members m ON m.household_id = h.id"
)


def _stale_matches(conn: sqlite3.Connection, words: Sequence[str]) -> list[int]:
    """Stale households whose current text matches every word as a prefix of one of its words."""
    if not conn.execute("SELECT 1 FROM search_stale LIMIT 1").fetchone():
        return []
    rows = conn.execute(
        f"{_DOC_SQL} WHERE h.id IN (SELECT household_id FROM search_stale) GROUP BY h.id"
    ).fetchall()
    out = []
    for hid, doc in rows:
        doc_words = index_key(doc).split()
        if all(any(d.startswith(w) for d in doc_words) for w in words):
            out.append(hid)
    return out


def stale_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM search_stale").fetchone()[0])


def refresh_search_index(
    ws: Workspace,
    *,
    chunk: int = 5000,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Rebuild the search doc and sort keys of every stale household; returns how many.

    Works in chunks, each one transaction; cancelling leaves the rest stale (still correct).
    """
    conn = ws.conn
    rep = Reporter("Đang cập nhật chỉ mục tìm kiếm", stale_count(conn), progress, cancel)
    done = 0
    while True:
        with ws.atomic():
            ids = [r[0] for r in conn.execute("SELECT household_id FROM search_stale LIMIT ?", (chunk,))]
            if not ids:
                break
            _refresh(conn, ids)
        done += len(ids)
        rep.step(len(ids))
    rep.finish()
    return done


def _refresh(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    j = json.dumps(list(ids))
    sel = "(SELECT value FROM json_each(?))"
    conn.execute(f"DELETE FROM household_fts WHERE rowid IN {sel}", (j,))
    conn.execute(
        "INSERT INTO household_fts (rowid, key)"
        f" SELECT id, povdesk_search_key(doc) FROM ({_DOC_SQL} WHERE h.id IN {sel} GROUP BY h.id)",
        (j,),
    )
    conn.execute(f"DELETE FROM household_sort WHERE household_id IN {sel}", (j,))
    conn.execute(
        "INSERT INTO household_sort (household_id, year, village, head)"
        " SELECT id, nam_ra_soat, povdesk_collation_key(thon), povdesk_sort_key(chu_ho)"
        f" FROM households WHERE id IN {sel}",
        (j,),
    )
    conn.execute(f"DELETE FROM search_stale WHERE household_id IN {sel}", (j,))


# --- rows --------------------------------------------------------------------------------------


class HouseholdRow(NamedTuple):
    """One painted row of the list."""

    id: HouseholdId
    ma_xa: str
    ma_ho: str
    nam_ra_soat: int
    chu_ho: str
    thon: str
    members: int
    thu_nhap_bq: int | None
    diem_a: int | None
    deprivation_count: int | None
    deprived: str | None
    klass: str | None
    stage: str | None
    has_comments: bool


def fetch_rows(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[HouseholdId, HouseholdRow]:
    """The list rows of ``ids`` (any order; missing ids are simply absent)."""
    stage = HOOKS.stage_sql or "NULL"
    comments = f" OR ({HOOKS.comments_sql})" if HOOKS.comments_sql else ""
    cur = conn.execute(
        "SELECT h.id, h.ma_xa, h.ma_ho, h.nam_ra_soat, h.chu_ho, h.thon,"
        " (SELECT count(*) FROM members m WHERE m.household_id = h.id),"
        " h.thu_nhap_bq, h.diem_a, c.deprivation_count, c.deprived, c.klass,"
        f" {stage}, (coalesce(h.ghi_chu, '') != ''{comments})"
        " FROM json_each(?) j CROSS JOIN households h ON h.id = j.value"
        " LEFT JOIN classifications c ON c.household_id = h.id",
        (json.dumps(list(ids)),),
    )
    out = {}
    for r in cur:
        row = HouseholdRow._make((*r[:-1], bool(r[-1])))
        out[row.id] = row
    return out


# --- facets ------------------------------------------------------------------------------------


def years(conn: sqlite3.Connection) -> list[int]:
    """Review years present, newest first."""
    return [r[0] for r in conn.execute("SELECT DISTINCT nam_ra_soat FROM households ORDER BY 1 DESC")]


def villages(conn: sqlite3.Connection, year: int | None = None) -> list[str]:
    """Village names with households (in ``year``), in Vietnamese order (small table + index)."""
    cond = "h.village_id = v.id" + (" AND h.nam_ra_soat = ?" if year is not None else "")
    rows = conn.execute(
        f"SELECT v.name FROM villages v WHERE EXISTS (SELECT 1 FROM households h WHERE {cond})"
        " ORDER BY povdesk_collation_key(v.name)",
        () if year is None else (year,),
    )
    return list(dict.fromkeys(r[0] for r in rows))


def class_counts(conn: sqlite3.Connection, year: int | None = None) -> dict[str, int]:
    """Households per class (``NO_CLASS`` for unclassified) in ``year``, for the status bar."""
    where, args = ("WHERE h.nam_ra_soat = ?", [year]) if year is not None else ("", [])
    rows = conn.execute(
        "SELECT coalesce(c.klass, ?), count(*) FROM households h"
        f" LEFT JOIN classifications c ON c.household_id = h.id {where} GROUP BY 1",
        [NO_CLASS, *args],
    )
    return {k: n for k, n in rows}


def neighbours(ids: Sequence[int], hid: int) -> tuple[int | None, int | None]:
    """The ids before and after ``hid`` in a list order (for next/previous household)."""
    try:
        i = list(ids).index(hid)
    except ValueError:
        return None, None
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)
