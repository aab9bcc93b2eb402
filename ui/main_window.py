"""The main window. For now: the household list of the open database (the desktop issue grows it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTableView

from povdesk.domain import HouseholdClass
from povdesk.text import format_number
from povdesk.workspace import Workspace

COLUMNS = [
    ("ma_xa", "Mã xã"),
    ("ma_ho", "Mã hộ"),
    ("nam_ra_soat", "Năm"),
    ("chu_ho", "Chủ hộ"),
    ("thon", "Thôn"),
    ("members", "Số TV"),
    ("thu_nhap_bq", "Thu nhập BQ"),
    ("deprivation_count", "Số chỉ số thiếu hụt"),
    ("klass", "Phân loại"),
]

Index = QModelIndex | QPersistentModelIndex


class HouseholdSummaryModel(QAbstractTableModel):
    """Read-only rows from ``ws.households.summaries()``."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.rows: list[dict[str, Any]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list(self.ws.households.summaries())
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        key = COLUMNS[index.column()][0]
        value = self.rows[index.row()][key]
        if value is None:
            return ""
        if key == "klass":
            return HouseholdClass(value).label
        if key == "thu_nhap_bq":
            return format_number(value)
        return str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.setWindowTitle(f"povdesk — {ws.path.name}")
        self.resize(1100, 700)
        self.model = HouseholdSummaryModel(ws)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.setCentralWidget(self.table)
        self.statusBar().addWidget(QLabel(f"{len(self.model.rows)} hộ — {ws.path}"))
        menu = self.menuBar().addMenu("&Tệp")
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
