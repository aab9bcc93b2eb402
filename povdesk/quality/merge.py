"""Merging a confirmed duplicate, inside the caller's :meth:`Workspace.operation`.

* **Household entered twice** — the kept household stays as it is; the other is deleted, with
  its full content (interchange JSON) in a history row, so nothing is lost from the record.
* **Person in two households** — the member is removed from the other household through
  :meth:`Households.save_in` (validation, review-stage guard, field history, reclassification
  of that household); the kept member takes the removed one's ID number if it had none.

Both refuse (:class:`InputRefused`, nothing written) when the households changed since the check
in a way that makes the pair point at someone else.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from povdesk.changes import Changes
from povdesk.domain import Household, HouseholdId, Member
from povdesk.errors import InputRefused
from povdesk.fields import HEAD
from povdesk.quality.duplicates import HOUSEHOLD
from povdesk.quality.names import name_key
from povdesk.quality.report import PairSummary, Side
from povdesk.records import household_to_json

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

MERGE_CHANGES = Changes(households=True, classifications=True, history=True, quality=True)


def _label(s: Side) -> str:
    return f"{s.ma_xa}/{s.ma_ho}/{s.nam_ra_soat}"


def merge(ws: Workspace, op: int, p: PairSummary, keep: str) -> Changes:
    """Merge the pair ``p`` keeping side ``keep`` ("a" or "b")."""
    kept, gone = (p.a, p.b) if keep == "a" else (p.b, p.a)
    if p.kind == HOUSEHOLD:
        _merge_households(ws, op, kept, gone)
    else:
        refs = ws.conn.execute("SELECT ref_a, ref_b FROM quality_pairs WHERE id = ?", (p.id,)).fetchone()
        kept_ref, gone_ref = (refs[0], refs[1]) if keep == "a" else (refs[1], refs[0])
        _merge_people(ws, op, (kept, kept_ref), (gone, gone_ref))
    return MERGE_CHANGES


def _history(ws: Workspace, op: int, s: Side, stt: int | None, field: str, old: str | None, new: str) -> None:
    ws.conn.execute(
        "INSERT INTO history (operation_id, household_id, ma_xa, ma_ho, nam_ra_soat, member_stt, field, old, new)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        (op, s.household_id, s.ma_xa, s.ma_ho, s.nam_ra_soat, stt, field, old, new),
    )


def _merge_households(ws: Workspace, op: int, kept: Side, gone: Side) -> None:
    ws.users.require("household.delete")
    h = ws.households.get(HouseholdId(gone.household_id))
    ws.reviews.guard_edit([h.key], survey=False)
    snapshot = json.dumps(household_to_json(h), ensure_ascii=False, default=str)
    _history(ws, op, gone, None, "*", snapshot, f"đã gộp vào hộ {_label(kept)} (hộ nhập hai lần)")
    _history(ws, op, kept, None, "gộp hộ", None, f"gộp hộ trùng {_label(gone)} vào hộ này")
    ws.conn.execute("DELETE FROM households WHERE id = ?", (gone.household_id,))


def _member(h: Household, side: Side, ref: str) -> Member:
    """The member of ``h`` the pair meant (row ``side.stt`` with the referenced name and year)."""
    m = next((m for m in h.members if m.stt == side.stt), None)
    subject = ref.split("|", 3)[3]
    if m is None or f"{m.ngay_sinh.year}|{name_key(m.ho_ten)}" != subject:
        raise InputRefused(
            f"Hộ {_label(side)} đã thay đổi từ lần kiểm tra trước; hãy chạy lại 'povdesk check' rồi xác nhận lại"
        )
    return m


def _merge_people(ws: Workspace, op: int, kept: tuple[Side, str], gone: tuple[Side, str]) -> None:
    (ks, kref), (gs, gref) = kept, gone
    other = ws.households.get(HouseholdId(gs.household_id))
    removed = _member(other, gs, gref)
    if removed.quan_he == HEAD:
        raise InputRefused(
            f"{removed.ho_ten} là chủ hộ {_label(gs)}: không bỏ khỏi hộ được. Hãy giữ bên này, "
            "hoặc gộp cả hộ nếu là hộ nhập hai lần"
        )
    remaining = tuple(m for m in other.members if m.stt != removed.stt)
    ws.households.save_in(dataclasses.replace(other, members=remaining), op)
    _history(ws, op, gs, removed.stt, "gộp người", removed.ho_ten,
             f"trùng với thành viên {ks.stt} của hộ {_label(ks)}: đã bỏ khỏi hộ này")  # fmt: skip
    home = ws.households.get(HouseholdId(ks.household_id))
    stay = _member(home, ks, kref)
    if not stay.so_dinh_danh and removed.so_dinh_danh:
        members = tuple(
            dataclasses.replace(m, so_dinh_danh=removed.so_dinh_danh) if m.stt == stay.stt else m
            for m in home.members
        )
        ws.households.save_in(dataclasses.replace(home, members=members), op)
    ws.conn.execute(
        "DELETE FROM quality_pairs WHERE (household_a = ? AND stt_a = ?) OR (household_b = ? AND stt_b = ?)",
        (gs.household_id, removed.stt, gs.household_id, removed.stt),
    )
    ws.quality.refresh_households([gs.household_id, ks.household_id])
