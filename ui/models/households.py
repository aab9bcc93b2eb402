"""The household list model: ordered ids from a core query, rows fetched a page at a time.

Holds only the ids of :func:`povdesk.queries.household_ids` (sorted and filtered in SQL) and a
small cache of pages from :func:`povdesk.queries.fetch_rows`, so 100,000 households cost a list
of ints. Header clicks call :meth:`sort`, which becomes an ``ORDER BY`` (Vietnamese order for
names and villages). Reads use the GUI thread's own read-only connection.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from povdesk import queries
from povdesk.domain import HouseholdClass
from povdesk.queries import HouseholdFilter, HouseholdRow
from povdesk.text import format_number

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
MAX_PAGES = 40
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: str
    right: bool = False


def columns(with_stage: bool) -> list[Column]:
    cols = [
        Column("ma_ho", tr("Mã hộ"), "ma_ho"),
        Column("chu_ho", tr("Chủ hộ"), "chu_ho"),
        Column("thon", tr("Thôn/tổ"), "thon"),
        Column("members", tr("Số TV"), "members", right=True),
        Column("thu_nhap_bq", tr("Thu nhập BQ"), "thu_nhap_bq", right=True),
        Column("deprived", tr("Chỉ số thiếu hụt"), "deprivation_count"),
        Column("klass", tr("Phân loại"), "klass"),
    ]
    if with_stage:
        cols.append(Column("stage", tr("Bước rà soát"), "stage"))
    return cols


CLASS_COLORS = {
    HouseholdClass.POOR.value: QColor("#b3261e"),
    HouseholdClass.NEAR_POOR.value: QColor("#b35c00"),
    HouseholdClass.AVERAGE.value: QColor("#5b5b00"),
    HouseholdClass.NOT_POOR.value: QColor("#1e6b34"),
}


def class_label(klass: str | None) -> str:
    if klass is None:
        return tr("chưa phân loại")
    return HouseholdClass(klass).label


class HouseholdTableModel(QAbstractTableModel):
    def __init__(
        self, conn: sqlite3.Connection, f: HouseholdFilter | None = None, *, load: bool = True
    ) -> None:
        super().__init__()
        self.conn = conn
        self.filter = f or HouseholdFilter()
        self.stage_labels: dict[str, str] = {}
        self.cols = columns(bool(queries.HOOKS.stage_sql))
        self.ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, HouseholdRow]] = OrderedDict()
        if load:
            self.reload()

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-run the id query (after a filter change or a write) and drop cached rows."""
        ids = queries.household_ids(self.conn, self.filter)
        self.beginResetModel()
        self.ids = ids
        self._pages.clear()
        self.cols = columns(bool(queries.HOOKS.stage_sql))
        self.endResetModel()

    def set_filter(self, f: HouseholdFilter) -> None:
        if f != self.filter:
            self.filter = f
            self.reload()

    def invalidate_rows(self) -> None:
        """Rows changed but not the set or order (e.g. a class after a save): repaint."""
        self._pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.cols) - 1))

    def row_of(self, hid: int) -> int | None:
        try:
            return self.ids.index(hid)
        except ValueError:
            return None

    def household_id(self, row: int) -> int:
        return self.ids[row]

    def _row(self, row: int) -> HouseholdRow | None:
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = queries.fetch_rows(self.conn, self.ids[page * PAGE : (page + 1) * PAGE])
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self.ids[row])

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cols)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.ids)):
            return None
        if role == ID_ROLE:
            return self.ids[index.row()]
        col = self.cols[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if col.right else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        r = self._row(index.row())
        if r is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(CLASS_COLORS[r.klass]) if col.key == "klass" and r.klass in CLASS_COLORS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(col.key, r)
        return self._display(col.key, r)

    def _display(self, key: str, r: HouseholdRow) -> str:
        if key == "thu_nhap_bq":
            if r.thu_nhap_bq is not None:
                return format_number(r.thu_nhap_bq)
            return tr("điểm A %1").replace("%1", str(r.diem_a)) if r.diem_a is not None else ""
        if key == "deprived":
            if r.deprivation_count is None:
                return ""
            return f"{r.deprivation_count}: {r.deprived}" if r.deprived else "0"
        if key == "klass":
            return class_label(r.klass)
        if key == "stage":
            return self.stage_labels.get(r.stage or "", r.stage or "")
        value = getattr(r, key)
        return "" if value is None else str(value)

    def _tooltip(self, key: str, r: HouseholdRow) -> str | None:
        if key == "klass" and r.klass is None:
            return tr("Hộ chưa có kết quả phân loại (dữ liệu thiếu hoặc lỗi): mở phiếu để sửa")
        if key == "chu_ho" and r.has_comments:
            return tr("Có ghi chú")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.cols):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.cols[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole and self.cols[section].right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.cols):
            return
        f = replace(
            self.filter, sort=self.cols[column].sort, descending=order == Qt.SortOrder.DescendingOrder
        )
        self.set_filter(f)
