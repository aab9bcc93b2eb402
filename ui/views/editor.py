"""The household editor: the paper form's groups, the member roster and a live classification.

Everything the user types stays raw text until the core parses it: on every change the editor
builds the household with :func:`povdesk.validation.household_from_raw` and classifies it with
``ws.households.check`` (pure, no database), then highlights each field or roster cell with a
problem (errors red, warnings yellow) and updates the classification panel. Saving is the main
window's job (one write transaction on the writer thread); the editor only hands over a valid
household. A draft of unsaved typing is autosaved next to the database (:mod:`povdesk.drafts`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from povdesk.domain import Classification, Household, HouseholdId
from povdesk.drafts import Drafts, draft_key
from povdesk.errors import Problem
from povdesk.fields import FIELDS_BY_CODE, HOUSEHOLD_SHEET
from povdesk.records import household_to_json
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace
from ui.models.members import MemberTableModel, member_to_raw
from ui.widgets.classification import ClassificationPanel
from ui.widgets.fields import FieldEditor, RosterDelegate

AUTOSAVE_MS = 3000


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def groups() -> list[list[tuple[str, list[str]]]]:
    """The paper form's groups, in its order, laid out as three columns."""
    return [
        [(tr("Thông tin chung"), ["ma_xa", "ten_xa", "thon", "khu_vuc", "ma_ho", "nam_ra_soat",
                                  "ngay_ra_soat", "ra_soat_vien", "chu_ho", "dia_chi"])],
        [(tr("Thu nhập"), ["thu_nhap_bq", "diem_a", "phan_loai_truoc", "ho_co_cong"]),
         (tr("Nhà ở"), ["tuong", "khung", "mai", "dien_tich_nha"])],
        [(tr("Nước sạch và vệ sinh"), ["nguon_nuoc", "nha_tieu", "xu_ly_rac"]),
         (tr("Tiếp cận thông tin"), ["dung_internet", "thiet_bi_thong_tin"]),
         (tr("Khác"), ["nguyen_nhan_ngheo", "ghi_chu"])],
    ]  # fmt: skip


def short_labels() -> dict[str, str]:
    return {
        "ma_xa": tr("Mã xã"), "ten_xa": tr("Tên xã"), "thon": tr("Thôn/tổ"), "khu_vuc": tr("Khu vực"),
        "ma_ho": tr("Mã hộ"), "nam_ra_soat": tr("Năm rà soát"), "ngay_ra_soat": tr("Ngày rà soát"),
        "ra_soat_vien": tr("Rà soát viên"), "chu_ho": tr("Chủ hộ"), "dia_chi": tr("Địa chỉ"),
        "thu_nhap_bq": tr("Thu nhập BQ"), "diem_a": tr("Điểm A"), "phan_loai_truoc": tr("Năm trước"),
        "ho_co_cong": tr("Hộ có công"), "tuong": tr("Tường"), "khung": tr("Khung, cột"), "mai": tr("Mái"),
        "dien_tich_nha": tr("Diện tích (m²)"), "nguon_nuoc": tr("Nguồn nước"), "nha_tieu": tr("Nhà tiêu"),
        "xu_ly_rac": tr("Xử lý rác"), "dung_internet": tr("Dùng internet"),
        "thiet_bi_thong_tin": tr("Thiết bị"), "nguyen_nhan_ngheo": tr("Nguyên nhân"), "ghi_chu": tr("Ghi chú"),
    }  # fmt: skip


class HouseholdEditor(QWidget):
    dirty_changed = Signal(bool)
    classification_changed = Signal()

    def __init__(self, ws: Workspace, drafts: Drafts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.drafts = drafts
        self.household_id: HouseholdId | None = None
        self.loaded: Household | None = None
        self.problems: list[Problem] = []
        self.household: Household | None = None
        self.classification: Classification | None = None
        self._dirty = False
        self._loading = False
        self.fields: dict[str, FieldEditor] = {}
        self.roster = MemberTableModel()
        self.roster.edited.connect(self._changed)
        self._recheck_timer = QTimer(self, singleShot=True, interval=0)
        self._recheck_timer.timeout.connect(self.recheck)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._build()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        labels = short_labels()
        specs = FIELDS_BY_CODE[HOUSEHOLD_SHEET]
        order: list[QWidget] = []
        for col, column in enumerate(groups()):
            box_col = QVBoxLayout()
            for title, codes in column:
                box = QGroupBox(title)
                fl = QFormLayout(box)
                fl.setContentsMargins(6, 4, 6, 4)
                fl.setVerticalSpacing(3)
                fl.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                for code in codes:
                    fe = FieldEditor(specs[code], self._changed)
                    self.fields[code] = fe
                    label = QLabel(labels.get(code, specs[code].label))
                    label.setBuddy(fe.widget)
                    label.setToolTip(specs[code].label)
                    fl.addRow(label, fe.widget)
                    order.append(fe.widget)
                box_col.addWidget(box)
            box_col.addStretch(1)
            grid.addLayout(box_col, 0, col)
            grid.setColumnStretch(col, 1)

        self.table = QTableView()
        self.table.setObjectName("roster")
        self.table.setModel(self.roster)
        self.table.setItemDelegate(RosterDelegate(self.roster.spec, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = [34, 170, 80, 62, 92, 70, 104, 150, 80, 74, 50, 96, 80, 90]
        for i, w in enumerate(widths):
            self.table.setColumnWidth(i, w)
        header.setStretchLastSection(True)
        order.append(self.table)

        self.add_btn = QPushButton(tr("Thêm thành viên"))
        self.add_btn.setToolTip("Ctrl+M")
        self.remove_btn = QPushButton(tr("Xóa thành viên"))
        self.up_btn = QPushButton(tr("Lên"))
        self.down_btn = QPushButton(tr("Xuống"))
        self.add_btn.clicked.connect(self.add_member)
        self.remove_btn.clicked.connect(self.remove_member)
        self.up_btn.clicked.connect(lambda: self.move_member(-1))
        self.down_btn.clicked.connect(lambda: self.move_member(+1))
        buttons = QHBoxLayout()
        roster_title = QLabel(tr("Thành viên hộ"))
        roster_title.setStyleSheet("font-weight: 600;")
        buttons.addWidget(roster_title)
        buttons.addStretch(1)
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(b)
            order.append(b)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.title)
        lv.addWidget(form)
        lv.addLayout(buttons)
        lv.addWidget(self.table, 1)

        self.panel = ClassificationPanel()
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.problem_list.itemClicked.connect(self._go_to_problem)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.panel, 3)
        self.problems_title = QLabel(tr("Lỗi và cảnh báo"))
        self.problems_title.setStyleSheet("font-weight: 600;")
        rv.addWidget(self.problems_title)
        rv.addWidget(self.problem_list, 2)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setSizes([1030, 300])
        split.setChildrenCollapsible(False)
        right.setMinimumWidth(260)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.addWidget(split)
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    # --- loading ------------------------------------------------------------------------

    def load(
        self, h: Household | None, hid: HouseholdId | None = None, defaults: dict[str, Any] | None = None
    ) -> None:
        """Show ``h`` (stored household ``hid``) or a blank form with ``defaults``."""
        self._loading = True
        try:
            self.household_id, self.loaded = hid, h
            raw: dict[str, Any] = household_to_json(h) if h is not None else dict(defaults or {})
            for code, fe in self.fields.items():
                fe.set_value(raw.get(code))
            if h is not None:
                self.roster.set_members([member_to_raw(m) for m in h.members])
            else:
                self.roster.set_members([])
                self.roster.insert_member(values={"quan_he": "chủ hộ"})
        finally:
            self._loading = False
        self._set_dirty(False)
        self._autosave.stop()
        self.recheck()
        self._update_title()

    def load_raw(self, data: dict[str, Any], hid: HouseholdId | None, loaded: Household | None) -> None:
        """Show a draft's raw form (as :meth:`raw_form` wrote it); it counts as unsaved."""
        self._loading = True
        try:
            self.household_id, self.loaded = hid, loaded
            for code, fe in self.fields.items():
                fe.set_value(data.get("household", {}).get(code))
            self.roster.set_members(list(data.get("members", [])))
        finally:
            self._loading = False
        self._set_dirty(True)
        self.recheck()
        self._update_title()

    def _update_title(self) -> None:
        ma_ho = self.fields["ma_ho"].value() or tr("(hộ mới)")
        head = self.fields["chu_ho"].value()
        mark = " *" if self._dirty else ""
        self.title.setText(f"{tr('Phiếu hộ')} {ma_ho}{' — ' + head if head else ''}{mark}")

    # --- state --------------------------------------------------------------------------

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self._update_title()

    def _changed(self) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        self._recheck_timer.start()
        self._autosave.start()

    def raw_form(self) -> dict[str, Any]:
        """Everything typed, as raw field-code mappings (also the draft's content)."""
        return {
            "household": {code: fe.value() for code, fe in self.fields.items()},
            "members": [dict(r) for r in self.roster.rows],
        }

    # --- checking -----------------------------------------------------------------------

    def recheck(self) -> None:
        """Parse, validate and classify what is on screen; show problems and the class."""
        form = self.raw_form()
        h, problems = household_from_raw(form["household"], self.roster.raw())
        cls = None
        if h is not None:
            cls, problems = self.ws.households.check(h)
        self.household, self.classification, self.problems = (h if cls else None), cls, problems
        self._show_problems(problems)
        if cls is not None and h is not None:
            self.panel.show_result(cls, self.ws.rules.for_year(h.nam_ra_soat))
        else:
            self.panel.show_pending(sum(p.is_error for p in problems))
        self.classification_changed.emit()

    def _show_problems(self, problems: Sequence[Problem]) -> None:
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            if p.member is None and p.field in self.fields:
                by_field.setdefault(p.field, []).append(p)
        for code, fe in self.fields.items():
            fe.set_problems(by_field.get(code, []))
        self.roster.set_problems(list(problems))
        self.problem_list.clear()
        for p in sorted(problems, key=lambda p: (not p.is_error, p.member or 0)):
            tag = tr("Lỗi") if p.is_error else tr("Cảnh báo")
            where = self._where(p)
            item = QListWidgetItem(f"{tag} — {where}: {p.message}" if where else f"{tag}: {p.message}")
            item.setData(Qt.ItemDataRole.UserRole, (p.field, p.member))
            item.setForeground(Qt.GlobalColor.darkRed if p.is_error else Qt.GlobalColor.darkYellow)
            self.problem_list.addItem(item)
        n_err = sum(p.is_error for p in problems)
        self.problems_title.setText(
            tr("Lỗi và cảnh báo (%1 lỗi, %2 cảnh báo)")
            .replace("%1", str(n_err))
            .replace("%2", str(len(problems) - n_err))
        )

    def _where(self, p: Problem) -> str:
        labels = short_labels()
        if p.member is not None:
            col = self.roster.titles.get(p.field or "", p.field or "")
            return tr("thành viên %1, %2").replace("%1", str(p.member)).replace("%2", col)
        return labels.get(p.field or "", p.field or "")

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        field, member = item.data(Qt.ItemDataRole.UserRole)
        self.focus_problem(field, member)

    def focus_problem(self, field: str | None, member: int | None) -> None:
        if member is not None and field:
            col = next((i for i in range(self.roster.columnCount()) if self.roster.spec(i).code == field), 1)
            idx = self.roster.index(member - 1, col)
            if idx.isValid():
                self.table.setCurrentIndex(idx)
                self.table.setFocus()
        elif field in self.fields:
            self.fields[field].widget.setFocus()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def validated(self) -> Household | None:
        """The household to save, or ``None`` after showing where the errors are."""
        self._recheck_timer.stop()
        self.recheck()
        if self.household is None:
            first = self.errors[0] if self.errors else None
            if first is not None:
                self.focus_problem(first.field, first.member)
            return None
        return self.household

    # --- roster actions ----------------------------------------------------------------

    def add_member(self) -> None:
        row = self.roster.insert_member()
        self.table.setCurrentIndex(self.roster.index(row, 1))
        self.table.setFocus()

    def remove_member(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self.roster.remove_member(idx.row())

    def move_member(self, delta: int) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            row = self.roster.move_member(idx.row(), delta)
            self.table.setCurrentIndex(self.roster.index(row, idx.column()))

    # --- saving and drafts --------------------------------------------------------------

    def key(self) -> str:
        if self.loaded is not None:
            return draft_key(*self.loaded.key)
        return draft_key(None, None, None)

    def save_draft(self) -> None:
        if self._dirty:
            title = f"{self.fields['ma_ho'].value()} {self.fields['chu_ho'].value()}".strip()
            self.drafts.save(self.key(), title, {**self.raw_form(), "household_id": self.household_id})

    def mark_saved(self, h: Household, hid: HouseholdId) -> None:
        """The save job succeeded: forget the draft, show the stored household as clean."""
        self.drafts.delete(self.key())
        self._autosave.stop()
        self.household_id, self.loaded = hid, h
        self._set_dirty(False)

    def discard(self) -> None:
        """Drop unsaved changes and their draft, and show the stored version again."""
        self.drafts.delete(self.key())
        self._autosave.stop()
        if self.loaded is not None:
            self.load(self.loaded, self.household_id)
        else:
            self._set_dirty(False)

    def current_member_index(self) -> QModelIndex:
        return self.table.currentIndex()
