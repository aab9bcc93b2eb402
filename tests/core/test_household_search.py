"""Household list queries: diacritic-free search, Vietnamese sort, index kept by triggers, undo."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from povdesk import queries
from povdesk.domain import HouseholdClass
from povdesk.drafts import Drafts, draft_key
from povdesk.queries import HouseholdFilter, household_ids, refresh_search_index
from povdesk.sample import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_M, bulk_insert, create_sample, sample_households
from povdesk.search import collation_bytes, index_key, name_sort_bytes
from povdesk.text import collation_key, name_sort_key, search_key
from povdesk.undo import UndoConflict
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace


def _names(n: int = 400) -> list[str]:
    rng = random.Random(1)
    extra = [
        "Nguyễn Văn Hoà",
        "Nguyễn Văn Hòa",
        "NGUYỄN văn hoa",
        "Đặng Thị Thuỷ",
        "Ê Đê",
        "H'Mông A",
        "Lê  Văn  An",
        "a",
        "",
    ]
    return extra + [
        f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M + GIVEN_F)}" for _ in range(n)
    ]


def test_sort_bytes_order_equals_core_collation() -> None:
    """The BLOB keys SQLite sorts by give exactly the core's Vietnamese orders."""
    names = [n for n in _names() if n]
    assert sorted(names, key=name_sort_bytes) == sorted(names, key=name_sort_key)
    assert sorted(names, key=collation_bytes) == sorted(names, key=collation_key)


def test_index_key_equals_search_key() -> None:
    """The cached word-by-word search key equals povdesk.text.search_key (đ folded to d)."""
    for n in _names():
        assert index_key(n) == search_key(n)
    assert index_key("Đặng Thị Thuỷ") == "dang thi thuy"


def _save(ws: Workspace, raw: dict[str, Any], **changes: Any) -> int:
    raw = {**raw, **changes}
    h, problems = household_from_raw(raw, raw["thanh_vien"])
    assert h is not None, problems
    return int(ws.households.save(h).id)


@pytest.mark.parametrize(
    "text", ["nguyen van hoa", "Nguyen Van Hoa", "nguyễn văn hoà", "hoa nguyen", "ngu v h", "h001"]
)
def test_search_without_diacritics_finds_household(
    ws: Workspace, raw_household: dict[str, Any], text: str
) -> None:
    """Folded prefix search finds "Nguyễn Văn Hoà", before and after the index refresh."""
    hid = _save(ws, raw_household)
    _save(ws, raw_household, ma_ho="H002", chu_ho="Trần Văn Bình",
          thanh_vien=[dict(raw_household["thanh_vien"][0], ho_ten="Trần Văn Bình")])  # fmt: skip
    f = HouseholdFilter(search=text)
    assert household_ids(ws.conn, f) == [hid]  # still stale: matched in Python
    assert refresh_search_index(ws) == 2
    assert household_ids(ws.conn, f) == [hid]  # from FTS5
    assert household_ids(ws.conn, replace(f, sort="thu_nhap_bq")) == [hid]


def test_search_by_member_name_and_id_number(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """Any member's name or ID number finds the household; a removed member no longer does."""
    hid = _save(ws, raw_household)
    refresh_search_index(ws)
    assert household_ids(ws.conn, HouseholdFilter(search="le thi binh")) == [hid]
    assert household_ids(ws.conn, HouseholdFilter(search="0011620")) == [hid]
    _save(ws, raw_household, thanh_vien=raw_household["thanh_vien"][:1])
    assert household_ids(ws.conn, HouseholdFilter(search="le thi binh")) == []
    refresh_search_index(ws)
    assert household_ids(ws.conn, HouseholdFilter(search="le thi binh")) == []


def test_bulk_insert_path_is_indexed_by_triggers(tmp_path: Path) -> None:
    """Rows written with executemany (no povdesk code involved) are marked and then indexed."""
    with Workspace.open(tmp_path / "b.sqlite") as ws:
        bulk_insert(ws.conn, 300)
        assert queries.stale_count(ws.conn) == 300
        head = ws.conn.execute("SELECT id, chu_ho FROM households WHERE id = 7").fetchone()
        key = search_key(head[1])
        assert head[0] in household_ids(ws.conn, HouseholdFilter(search=key))
        refresh_search_index(ws)
        assert queries.stale_count(ws.conn) == 0
        assert head[0] in household_ids(ws.conn, HouseholdFilter(search=key))
        ids = household_ids(ws.conn, HouseholdFilter(year=2025, sort="chu_ho"))
        rows = queries.fetch_rows(ws.conn, ids)
        heads = [rows[i].chu_ho for i in ids]
        assert heads == sorted(heads, key=name_sort_key)
        ws.conn.execute("DELETE FROM households WHERE id = 7")
        assert head[0] not in household_ids(ws.conn, HouseholdFilter(search=key))


def test_filters_and_default_order(tmp_path: Path) -> None:
    """Class and village filters are SQL; the default order is village, then given name."""
    with Workspace.open(tmp_path / "s.sqlite") as ws:
        create_sample(ws, 60)
        refresh_search_index(ws)
        ids = household_ids(ws.conn, HouseholdFilter(year=2025))
        rows = queries.fetch_rows(ws.conn, ids)
        keys = [(collation_key(rows[i].thon), name_sort_key(rows[i].chu_ho)) for i in ids]
        assert keys == sorted(keys)
        poor = household_ids(ws.conn, HouseholdFilter(year=2025, klass="poor"))
        assert poor and all(r.klass == "poor" for r in queries.fetch_rows(ws.conn, poor).values())
        assert household_ids(ws.conn, HouseholdFilter(has_errors=True)) == []
        v = rows[ids[0]].thon
        assert {
            r.thon
            for r in queries.fetch_rows(ws.conn, household_ids(ws.conn, HouseholdFilter(village=v))).values()
        } == {v}


def test_sample_has_every_class_and_the_readme_household() -> None:
    """The sample commune is valid, shows every class and has "Nguyễn Văn Hoà"."""
    hs = sample_households(200)
    assert hs[0].chu_ho == "Nguyễn Văn Hoà"
    assert len({h.ma_ho for h in hs}) == 200


def test_sample_classes(tmp_path: Path) -> None:
    """Saving the sample commune classifies households into all four classes."""
    with Workspace.open(tmp_path / "s.sqlite") as ws:
        results = create_sample(ws)
    assert {r.classification.klass for r in results} == set(HouseholdClass)


def test_undo_restores_previous_version_and_redo_reapplies(
    ws: Workspace, raw_household: dict[str, Any]
) -> None:
    """Undo writes the previous stored version back (recorded in history); redo re-applies."""
    h1, _ = household_from_raw(raw_household, raw_household["thanh_vien"])
    assert h1 is not None
    ws.undo.save(h1)
    h2 = replace(h1, thu_nhap_bq=3_000_000)
    ws.undo.save(h2)
    hid = ws.households.require(*h1.key)
    assert ws.households.classification(hid).klass is HouseholdClass.NOT_POOR
    ws.undo.undo()
    assert ws.households.get(hid).thu_nhap_bq == 1_450_000
    assert ws.households.classification(hid).klass is HouseholdClass.POOR
    kinds = [r["kind"] for r in ws.households.history(hid)]
    assert kinds[-1].startswith("Hoàn tác")
    ws.undo.redo()
    assert ws.households.get(hid).thu_nhap_bq == 3_000_000
    ws.undo.undo()
    ws.undo.undo()  # the first save created the household: undo removes it
    assert ws.households.find(*h1.key) is None


def test_undo_refuses_to_overwrite_newer_work(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """A household changed by another path since the step is not overwritten by undo."""
    h1, _ = household_from_raw(raw_household, raw_household["thanh_vien"])
    assert h1 is not None
    ws.undo.save(h1)
    ws.undo.save(replace(h1, thu_nhap_bq=2_000_000))
    ws.households.save(replace(h1, thu_nhap_bq=5_000_000))  # e.g. an import
    with pytest.raises(UndoConflict):
        ws.undo.undo()
    assert ws.households.get(ws.households.require(*h1.key)).thu_nhap_bq == 5_000_000


def test_drafts_round_trip(tmp_path: Path) -> None:
    """A draft is written next to the database, read back, listed and deleted."""
    d = Drafts(tmp_path / "xa.sqlite")
    key = draft_key("12345", "H/01", 2025)
    d.save(key, "H/01 Nguyễn Văn Hoà", {"household": {"chu_ho": "Nguyễn Văn Hoà"}, "members": []})
    assert (tmp_path / "xa.sqlite.drafts").is_dir()
    got = d.load(key)
    assert got is not None and got.data["household"]["chu_ho"] == "Nguyễn Văn Hoà"
    assert [x.key for x in d.all()] == [key]
    d.delete(key)
    assert d.load(key) is None
