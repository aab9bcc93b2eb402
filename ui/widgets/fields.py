"""Input widgets built from the core's field specs (``povdesk.fields``), and the roster delegate.

Choice and yes/no fields are drop-downs (first entry blank = not answered), devices are check
boxes, everything else is a line edit that keeps the raw text (``1.500.000``, ``15/10/2025``):
parsing is the core's job, so the editor, the importer and the CLI accept the same input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from povdesk.errors import Problem
from povdesk.fields import FieldSpec
from povdesk.text import ethnicity_name, format_number, parse_number

YES_NO = ("có", "không")
ERROR_STYLE = "background: #f9d6d5; border: 1px solid #b3261e;"
WARNING_STYLE = "background: #fff1c2;"


def choices_of(spec: FieldSpec) -> tuple[str, ...]:
    if spec.kind == "bool":
        return YES_NO
    return spec.choices


def ethnicity_names() -> list[str]:
    """The 54 official names (codes 01–54) for the roster's completer."""
    return [ethnicity_name(f"{i:02d}") for i in range(1, 55)]


class DeviceChecks(QWidget):
    """A multi-choice list (``thiet_bi_thong_tin``) as check boxes, two per row."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.boxes = [QCheckBox(c) for c in choices]
        for i, box in enumerate(self.boxes):
            grid.addWidget(box, i // 2, i % 2)

    def values(self) -> list[str]:
        return [b.text() for b in self.boxes if b.isChecked()]

    def set_values(self, values: list[str]) -> None:
        for b in self.boxes:
            b.setChecked(b.text() in values)


class FieldEditor:
    """One household field: its widget, raw value, change notification and problem display."""

    def __init__(self, spec: FieldSpec, on_change: Callable[[], None]) -> None:
        self.spec = spec
        self.widget: QWidget
        if spec.kind in ("choice", "bool"):
            combo = QComboBox()
            combo.addItems(["", *choices_of(spec)])
            combo.currentIndexChanged.connect(lambda _=0: on_change())
            self.widget = combo
        elif spec.kind == "list" and spec.choices:
            checks = DeviceChecks(spec.choices)
            for b in checks.boxes:
                b.toggled.connect(lambda _=False: on_change())
            self.widget = checks
        else:
            edit = QLineEdit()
            edit.textEdited.connect(lambda _="": on_change())
            if spec.kind in ("int", "number"):
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            if spec.code == "thu_nhap_bq":
                edit.editingFinished.connect(lambda: self._tidy_money(edit))
                edit.setPlaceholderText("1.500.000")
            elif spec.kind == "date":
                edit.setPlaceholderText("dd/mm/yyyy")
            elif spec.kind == "list":
                edit.setPlaceholderText("; giữa các mục")
            self.widget = edit
        self.widget.setObjectName(f"field_{spec.code}")
        self.widget.setToolTip(spec.label)
        self.widget.setAccessibleName(spec.label)

    @staticmethod
    def _tidy_money(edit: QLineEdit) -> None:
        try:
            n = parse_number(edit.text())
        except ValueError:
            return
        if isinstance(n, int) or float(n).is_integer():
            edit.setText(format_number(int(n)))

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, DeviceChecks):
            return w.values()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            text = (
                ""
                if value is None
                else ("có" if value is True else "không" if value is False else str(value))
            )
            i = w.findText(text)
            w.setCurrentIndex(max(i, 0))
        elif isinstance(w, DeviceChecks):
            w.set_values(list(value or []))
        else:
            assert isinstance(w, QLineEdit)
            w.setText(_as_text(self.spec, value))

    def set_problems(self, problems: list[Problem]) -> None:
        if not problems:
            self.widget.setStyleSheet("")
            self.widget.setToolTip(self.spec.label)
            return
        error = any(p.is_error for p in problems)
        self.widget.setStyleSheet(ERROR_STYLE if error else WARNING_STYLE)
        self.widget.setToolTip(self.spec.label + "\n" + "\n".join(p.message for p in problems))

    @property
    def highlighted(self) -> bool:
        return bool(self.widget.styleSheet())


def _as_text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.code == "thu_nhap_bq" and isinstance(value, int):
        return format_number(value)
    if spec.kind == "number" and isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 1)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


Index = QModelIndex | QPersistentModelIndex


class RosterDelegate(QStyledItemDelegate):
    """Drop-downs for choice and yes/no columns, a completer for ethnicity, text otherwise."""

    def __init__(self, spec_of: Callable[[int], FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec_of = spec_of

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec = self.spec_of(index.column())
        if spec.kind in ("choice", "bool"):
            combo = QComboBox(parent)
            combo.addItems(["", *choices_of(spec)])
            return combo
        edit = QLineEdit(parent)
        if spec.kind == "ethnicity":
            completer = QCompleter(ethnicity_names(), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
            edit.setCompleter(completer)
        elif spec.kind == "birth":
            edit.setPlaceholderText("dd/mm/yyyy")
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findText(text), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
