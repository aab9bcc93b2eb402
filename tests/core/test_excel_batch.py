"""The fast write path (``Households.save_batch`` / ``povdesk.batch``) stores exactly what
``Households.save`` stores: rows, content hash, classification and history."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from builders import deprived_in, hh, person

from povdesk.batch import INSERTED, UNCHANGED, UPDATED
from povdesk.errors import ValidationError
from povdesk.workspace import Workspace


def content(ws: Workspace) -> list[tuple[Any, ...]]:
    """What the user sees of every household: data, hash, classification (no ids, no times)."""
    out = []
    for hid in ws.households.ids():
        h = ws.households.get(hid)
        digest = ws.conn.execute("SELECT content_hash, version FROM households WHERE id=?", (hid,)).fetchone()
        out.append((h, tuple(digest), ws.households.classification(hid)))
    return out


def history(ws: Workspace) -> list[tuple[Any, ...]]:
    return ws.conn.execute(
        "SELECT ma_xa, ma_ho, nam_ra_soat, member_stt, field, old, new FROM history ORDER BY ma_ho, id"
    ).fetchall()


HOUSEHOLDS = [
    hh(ma_ho="A1", year=2025),
    hh(
        person(10),
        person(70, sex="nữ"),
        ma_ho="A2",
        year=2025,
        thu_nhap_bq=1_200_000,
        **deprived_in("4.1", "5.1"),
    ),
    hh(ma_ho="A3", year=2027, xu_ly_rac="không xử lý", thu_nhap_bq=2_000_000),
]


def test_save_batch_stores_what_save_stores(tmp_path: Path) -> None:
    """Insert, then update one and leave the others: the same content and history as save()."""
    with Workspace.open(tmp_path / "one.sqlite") as one, Workspace.open(tmp_path / "many.sqlite") as many:
        for h in HOUSEHOLDS:
            one.households.save(h)
        r = many.households.save_batch(HOUSEHOLDS)
        assert r.statuses == [INSERTED] * 3 and r.inserted == 3 and r.changes.households
        changed = replace(HOUSEHOLDS[1], thu_nhap_bq=1_600_000, members=HOUSEHOLDS[1].members[:3])
        again = [HOUSEHOLDS[0], changed, HOUSEHOLDS[2]]
        for h in again:
            one.households.save(h)
        r = many.households.save_batch(again)
        assert r.statuses == [UNCHANGED, UPDATED, UNCHANGED] and (r.updated, r.unchanged) == (1, 2)
        assert content(one) == content(many)
        assert history(one) == history(many)
        assert ("00001", "A2", 2025, None, "thu_nhap_bq", "1200000", "1600000") in history(many)
        assert ("00001", "A2", 2025, 6, "*", "Thành viên 6", None) in history(many)


def test_save_batch_refuses_all_if_one_is_bad(ws: Workspace) -> None:
    """One invalid household: a ValidationError naming it, nothing written."""
    bad = replace(HOUSEHOLDS[0], ma_ho="B1", nam_ra_soat=2019)
    with pytest.raises(ValidationError) as e:
        ws.households.save_batch([HOUSEHOLDS[1], bad])
    assert [p.field for p in e.value.errors] == ["nam_ra_soat"] and "Hộ B1" in e.value.errors[0].message
    assert ws.households.ids() == []


def test_unchanged_households_get_a_stale_classification_refreshed(ws: Workspace) -> None:
    """As save(): an unchanged household whose stored classification differs is re-classified."""
    ws.households.save_batch(HOUSEHOLDS)
    ws.conn.execute("UPDATE classifications SET klass='poor', explanation='cũ'")
    r = ws.households.save_batch(HOUSEHOLDS)
    assert r.unchanged == 3 and r.reclassified == 3 and r.changes.classifications
    assert {ws.households.classification(h).explanation == "cũ" for h in ws.households.ids()} == {False}
