"""The member roster of the household editor: an editable grid of raw text per member field.

Cells hold what the user typed (``"01/1987"``, ``"có"``); the editor parses the whole household
through the core (:func:`povdesk.validation.household_from_raw`) and hands the problems back with
:meth:`MemberTableModel.set_problems`, which colours and explains the cells. ``stt`` is the row
order (1 = head), so moving a row renumbers the roster.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from povdesk.domain import Member
from povdesk.errors import Problem
from povdesk.fields import MEMBER_FIELDS, FieldSpec
from povdesk.text import ethnicity_name

Index = QModelIndex | QPersistentModelIndex
ROSTER_FIELDS: tuple[FieldSpec, ...] = tuple(f for f in MEMBER_FIELDS if f.code != "ma_ho")
ERROR_BG = QColor("#f9d6d5")
WARNING_BG = QColor("#fff1c2")


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def short_titles() -> dict[str, str]:
    return {
        "stt": tr("STT"),
        "ho_ten": tr("Họ và tên"),
        "quan_he": tr("Quan hệ"),
        "gioi_tinh": tr("Giới tính"),
        "ngay_sinh": tr("Ngày/năm sinh"),
        "dan_toc": tr("Dân tộc"),
        "so_dinh_danh": tr("Số định danh"),
        "viec_lam": tr("Việc làm"),
        "kha_nang_lao_dong": tr("Khả năng LĐ"),
        "tro_cap_xa_hoi": tr("Trợ cấp XH"),
        "bhyt": tr("BHYT"),
        "trinh_do": tr("Trình độ"),
        "dang_di_hoc": tr("Đang đi học"),
        "dinh_duong": tr("Dinh dưỡng"),
    }


def member_to_raw(m: Member) -> dict[str, str]:
    """A stored member as the text the grid shows."""
    out: dict[str, str] = {}
    for spec in ROSTER_FIELDS:
        v = getattr(m, spec.code)
        if v is None:
            out[spec.code] = ""
        elif isinstance(v, bool):
            out[spec.code] = "có" if v else "không"
        elif spec.code == "dan_toc":
            out[spec.code] = ethnicity_name(v)
        else:
            out[spec.code] = str(v)
    return out


class MemberTableModel(QAbstractTableModel):
    edited = Signal()  # any change a user made (typing, add, remove, move)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.titles = short_titles()
        self._problems: dict[tuple[int, str], list[Problem]] = {}

    # --- content --------------------------------------------------------------------------

    def set_members(self, rows: list[dict[str, str]]) -> None:
        self.beginResetModel()
        self.rows = [dict(r) for r in rows]
        self._renumber()
        self._problems.clear()
        self.endResetModel()

    def raw(self) -> list[dict[str, str]]:
        """The rows as raw records for :func:`household_from_raw` (``stt`` = row order)."""
        return [dict(r, stt=str(i + 1)) for i, r in enumerate(self.rows)]

    def _renumber(self) -> None:
        for i, r in enumerate(self.rows):
            r["stt"] = str(i + 1)

    def insert_member(self, row: int | None = None, values: dict[str, str] | None = None) -> int:
        row = len(self.rows) if row is None else max(0, min(row, len(self.rows)))
        blank = {spec.code: "" for spec in ROSTER_FIELDS}
        blank["dan_toc"] = "Kinh"
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, {**blank, **(values or {})})
        self.endInsertRows()
        self._renumbered(row)
        return row

    def remove_member(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self._renumbered(row)

    def move_member(self, row: int, delta: int) -> int:
        """Move ``row`` up (-1) or down (+1); returns its new row."""
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        # Qt's destination is "insert before": moving down by one means before target + 1.
        dest = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self.rows.insert(target, self.rows.pop(row))
        self.endMoveRows()
        self._renumbered(min(row, target))
        return target

    def _renumbered(self, first: int) -> None:
        self._renumber()
        if first < len(self.rows):
            self.dataChanged.emit(self.index(first, 0), self.index(len(self.rows) - 1, 0))
        self.edited.emit()

    def set_problems(self, problems: list[Problem]) -> None:
        """Colour the cells named by ``problems`` (member = stt = row + 1)."""
        self._problems = {}
        for p in problems:
            if p.member is not None and p.field:
                self._problems.setdefault((p.member - 1, p.field), []).append(p)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, len(ROSTER_FIELDS) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    def problems_at(self, row: int, code: str) -> list[Problem]:
        return self._problems.get((row, code), [])

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ROSTER_FIELDS)

    def spec(self, column: int) -> FieldSpec:
        return ROSTER_FIELDS[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        code = ROSTER_FIELDS[index.column()].code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.rows[index.row()].get(code, "")
        if role == Qt.ItemDataRole.BackgroundRole:
            ps = self.problems_at(index.row(), code)
            if ps:
                return QBrush(ERROR_BG if any(p.is_error for p in ps) else WARNING_BG)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            ps = self.problems_at(index.row(), code)
            return "\n".join(p.message for p in ps) if ps else ROSTER_FIELDS[index.column()].label
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        code = ROSTER_FIELDS[index.column()].code
        text = "" if value is None else str(value)
        if self.rows[index.row()].get(code, "") == text:
            return False
        self.rows[index.row()][code] = text
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.column() == 0 else base | Qt.ItemFlag.ItemIsEditable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(ROSTER_FIELDS):
            spec = ROSTER_FIELDS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.titles.get(spec.code, spec.label)
            if role == Qt.ItemDataRole.ToolTipRole:
                return spec.label
        return None
