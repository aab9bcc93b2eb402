"""Undo and redo of household saves (``ws.undo``), in the core so every front end shares it.

:meth:`Undo.save` saves a household and remembers the stored version it replaced (or that it
was new). :meth:`Undo.undo` writes that previous version back — one transaction, recorded as an
operation "Hoàn tác" with its field-by-field history like any save — and :meth:`Undo.redo`
writes the undone version again. Nothing is ever erased from the history.

A step is refused (:class:`UndoConflict`, nothing changed) when the household was changed by
someone else since the step (an import, another window): undo never overwrites newer work.
The stacks live for the session (like a text editor's); they are not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from povdesk.changes import Changes
from povdesk.domain import Household, HouseholdId
from povdesk.errors import InputRefused
from povdesk.households import UNCHANGED, SaveResult

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

Key = tuple[str, str, int]


class UndoConflict(InputRefused):
    """The household changed since the step; undoing would overwrite someone's work."""


@dataclass(frozen=True)
class Step:
    """One undoable save: the stored versions before and after (``None`` = no household)."""

    label: str
    key: Key
    before: Household | None
    after: Household | None
    after_hash: str | None  # content hash stored right after the step (None: deleted)


@dataclass(frozen=True)
class UndoResult:
    """What an undo/redo did: the household now stored under ``key`` (``None`` if removed)."""

    label: str
    key: Key
    id: HouseholdId | None
    changes: Changes


class Undo:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    # --- recording --------------------------------------------------------------------------

    def save(self, h: Household, *, kind: str = "Lưu hộ") -> SaveResult:
        """:meth:`Households.save` that can be undone (one transaction)."""
        with self.ws.atomic():
            before = self._stored(h.key)
            result = self.ws.households.save(h, kind=kind)
            if result.status != UNCHANGED:
                self._undo.append(
                    Step(
                        f"lưu hộ {h.ma_ho}",
                        h.key,
                        before,
                        self.ws.households.get(result.id),
                        self._hash(h.key),
                    )
                )
                self._redo.clear()
        return result

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    # --- state ------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    # --- undo / redo ------------------------------------------------------------------------

    def undo(self) -> UndoResult:
        """Write back the version before the last step. Raises :class:`UndoConflict`."""
        if not self._undo:
            raise InputRefused("Không có thao tác nào để hoàn tác")
        step = self._undo[-1]
        hid, new_hash = self._write(step, step.before, f"Hoàn tác {step.label}")
        self._undo.pop()
        self._redo.append(Step(step.label, step.key, step.before, step.after, new_hash))
        return UndoResult(step.label, step.key, hid, _CHANGED)

    def redo(self) -> UndoResult:
        """Write again the version the last undo removed. Raises :class:`UndoConflict`."""
        if not self._redo:
            raise InputRefused("Không có thao tác nào để làm lại")
        step = self._redo[-1]
        hid, new_hash = self._write(step, step.after, f"Làm lại {step.label}")
        self._redo.pop()
        self._undo.append(Step(step.label, step.key, step.before, step.after, new_hash))
        return UndoResult(step.label, step.key, hid, _CHANGED)

    def _write(
        self, step: Step, target: Household | None, kind: str
    ) -> tuple[HouseholdId | None, str | None]:
        ma_xa, ma_ho, year = step.key
        with self.ws.operation(kind, f"{ma_xa}/{ma_ho}/{year}") as op:
            if self._hash(step.key) != step.after_hash:
                raise UndoConflict(
                    f"Hộ {ma_ho} đã được sửa sau thao tác này (bởi lần nhập khác hoặc cửa sổ khác); "
                    "không hoàn tác để khỏi ghi đè dữ liệu mới hơn."
                )
            if target is None:
                self.ws.reviews.guard_edit([step.key], survey=False)  # locked records, who may edit
                hid = self.ws.households.require(*step.key)
                current = self.ws.households.get(hid)
                self.ws.households._write_history(op, hid, current, [(None, "*", "có", "đã xóa (hoàn tác)")])
                self.ws.conn.execute("DELETE FROM households WHERE id=?", (hid,))
                return None, None
            result = self.ws.households.save_in(target, op)
            return result.id, self._hash(step.key)

    # --- helpers ----------------------------------------------------------------------------

    def _stored(self, key: Key) -> Household | None:
        hid = self.ws.households.find(*key)
        return None if hid is None else self.ws.households.get(hid)

    def _hash(self, key: Key) -> str | None:
        row = self.ws.conn.execute(
            "SELECT content_hash FROM households WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=?", key
        ).fetchone()
        return None if row is None else str(row[0])


_CHANGED = Changes(households=True, classifications=True, history=True)
