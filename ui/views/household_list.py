"""The household list page: filter bar, search-as-you-type and the 100k-row table."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from povdesk import queries
from povdesk.domain import HouseholdClass
from povdesk.queries import NO_CLASS, HouseholdFilter
from ui.models.households import HouseholdTableModel


class HouseholdListView(QWidget):
    open_requested = Signal(int)  # household id
    selection_changed = Signal()

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self._building = True
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Tìm theo tên, mã hộ hoặc số định danh — gõ không dấu cũng được")
        )
        self.year = QComboBox()
        self.village = QComboBox()
        self.klass = QComboBox()
        self.stage = QComboBox()
        self.errors = QCheckBox(self.tr("Có lỗi"))
        self.errors.setToolTip(self.tr("Hộ chưa có kết quả phân loại (thiếu dữ liệu hoặc dữ liệu lỗi)"))
        self.comments = QCheckBox(self.tr("Có ghi chú"))
        self.comments.setToolTip(self.tr("Hộ có ghi chú hoặc có ý kiến rà soát chưa xử lý"))
        for combo in (self.year, self.village, self.klass, self.stage):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.klass.addItem(self.tr("Mọi phân loại"), None)
        for k in HouseholdClass:
            self.klass.addItem(k.label.capitalize(), k.value)
        self.klass.addItem(self.tr("Chưa phân loại"), NO_CLASS)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for w in (self.year, self.village, self.klass, self.stage, self.errors, self.comments):
            bar.addWidget(w)

        self.model = HouseholdTableModel(conn, HouseholdFilter(), load=False)  # refresh_facets loads
        self.table = QTableView()
        self.table.setObjectName("households")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda idx: self.open_requested.emit(self.model.household_id(idx.row())))
        self._size_columns()
        self.count = QLabel()
        self.count.setObjectName("listCount")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)

        self._search_timer = QTimer(self, singleShot=True, interval=0)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        for combo in (self.year, self.village, self.klass, self.stage):
            combo.currentIndexChanged.connect(lambda _=0: self.apply_filter())
        for box in (self.errors, self.comments):
            box.toggled.connect(lambda _=False: self.apply_filter())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self._building = False
        self.refresh_facets()

    def _size_columns(self) -> None:
        widths = {
            "ma_ho": 90,
            "chu_ho": 210,
            "thon": 150,
            "members": 60,
            "thu_nhap_bq": 110,
            "deprived": 230,
            "klass": 160,
        }
        for i, c in enumerate(self.model.cols):
            if c.key in widths:
                self.table.setColumnWidth(i, widths[c.key])

    # --- filters ------------------------------------------------------------------------

    def refresh_facets(self) -> None:
        """Fill the year/village/stage drop-downs from the data, keeping the choices made."""
        self._building = True
        try:
            year = self.year.currentData()
            self.year.clear()
            years = queries.years(self.conn)
            for y in years:
                self.year.addItem(self.tr("Năm %1").replace("%1", str(y)), y)
            self.year.addItem(self.tr("Mọi năm"), None)
            i = self.year.findData(year) if year is not None else 0
            self.year.setCurrentIndex(max(i, 0))
            village = self.village.currentData()
            self.village.clear()
            self.village.addItem(self.tr("Mọi thôn/tổ"), None)
            for v in queries.villages(self.conn, self.year.currentData()):
                self.village.addItem(v, v)
            self.village.setCurrentIndex(max(self.village.findData(village), 0) if village else 0)
            stage = self.stage.currentData()
            self.stage.clear()
            hooks = queries.HOOKS
            self.stage.setVisible(bool(hooks.stage_sql))
            self.stage.addItem(self.tr("Mọi bước rà soát"), None)
            for s in hooks.stages:
                self.stage.addItem(self.model.stage_labels.get(s, s), s)
            self.stage.setCurrentIndex(max(self.stage.findData(stage), 0) if stage else 0)
        finally:
            self._building = False
        self.apply_filter()

    def current_filter(self) -> HouseholdFilter:
        return replace(
            self.model.filter,
            year=self.year.currentData(),
            village=self.village.currentData(),
            klass=self.klass.currentData(),
            stage=self.stage.currentData(),
            has_errors=self.errors.isChecked(),
            has_comments=self.comments.isChecked(),
            search=self.search.text(),
        )

    def apply_filter(self) -> None:
        if self._building:
            return
        self.model.set_filter(self.current_filter())
        self._update_count()

    def reload(self, keep: int | None = None) -> None:
        """Re-run the query after a write, keeping the current household selected."""
        current = keep if keep is not None else self.current_id()
        self.model.reload()
        self._update_count()
        if current is not None:
            self.select(current)

    def _update_count(self) -> None:
        n = len(self.model.ids)
        self.count.setText(self.tr("%1 hộ").replace("%1", f"{n:,}".replace(",", ".")))

    # --- selection ----------------------------------------------------------------------

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.household_id(idx.row()) if idx.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.household_id(r) for r in rows]

    def select(self, hid: int) -> bool:
        row = self.model.row_of(hid)
        if row is None:
            return False
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(idx)
        return True

    def neighbour(self, hid: int, delta: int) -> int | None:
        row = self.model.row_of(hid)
        if row is None:
            return None
        target = row + delta
        return self.model.household_id(target) if 0 <= target < len(self.model.ids) else None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def first_index(self) -> QModelIndex:
        return self.model.index(0, 0)
