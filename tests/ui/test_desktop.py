"""The desktop app: models, search as you type, the editor's live checks, jobs, closing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from povdesk.errors import Interrupted
from povdesk.progress import Reporter
from povdesk.queries import HouseholdFilter
from povdesk.sample import create_sample
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace
from ui import main_window
from ui.main_window import MainWindow
from ui.models.households import HouseholdTableModel
from ui.models.members import ERROR_BG, MemberTableModel, member_to_raw

TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(main_window, "settings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    # No real modal box ever blocks a test: unless a test says otherwise, answer "Discard".
    monkeypatch.setattr(QMessageBox, "exec", lambda self: int(QMessageBox.StandardButton.Discard.value))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)


@pytest.fixture
def hoa(ws: Workspace, raw_household: dict[str, Any]) -> int:
    """Sample commune (40 households) plus "Nguyễn Văn Hoà" (poor, H001)."""
    create_sample(ws, 40)
    h, problems = household_from_raw(raw_household, raw_household["thanh_vien"])
    assert h is not None, problems
    return int(ws.households.save(h).id)


@pytest.fixture
def window(qtbot: QtBot, ws: Workspace, hoa: int) -> Iterator[MainWindow]:
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.runner.wait(timeout=30)
    qtbot.waitUntil(lambda: not w.runner.active, timeout=TIMEOUT)
    yield w


def test_household_model_passes_modeltester(qtmodeltester: Any, ws: Workspace, hoa: int) -> None:
    """The 100k-ready household model is a consistent Qt model, also after sorting and filtering."""
    model = HouseholdTableModel(ws.conn, HouseholdFilter())
    assert model.rowCount() == 41
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter(HouseholdFilter(search="nguyen"))
    assert 0 < model.rowCount() < 41
    qtmodeltester.check(model)


def test_member_model_passes_modeltester(qtmodeltester: Any, ws: Workspace, hoa: int) -> None:
    """The roster model stays consistent through insert, move and remove (stt renumbered)."""
    model = MemberTableModel()
    model.set_members([member_to_raw(m) for m in ws.households.get(hoa).members])  # type: ignore[arg-type]
    qtmodeltester.check(model)
    model.insert_member(values={"ho_ten": "Nguyễn Thị Mai"})
    assert model.move_member(2, -1) == 1
    assert [r["ho_ten"] for r in model.raw()][:2] == ["Nguyễn Văn Hòa", "Nguyễn Thị Mai"]
    assert [r["stt"] for r in model.raw()] == ["1", "2", "3"]
    model.remove_member(0)
    qtmodeltester.check(model)


def test_search_without_diacritics_finds_hoa(qtbot: QtBot, window: MainWindow, hoa: int) -> None:
    """Typing "nguyen van hoa" (no accents) in the search box narrows the list to Nguyễn Văn Hoà."""
    qtbot.keyClicks(window.list.search, "nguyen van hoa")
    model = window.list.model
    qtbot.waitUntil(lambda: hoa in model.ids and len(model.ids) <= 3, timeout=TIMEOUT)
    row = model.row_of(hoa)
    assert row is not None and model.index(row, 1).data() == "Nguyễn Văn Hoà"
    qtbot.keyClicks(window.list.search, " h001")
    qtbot.waitUntil(lambda: model.ids == [hoa], timeout=TIMEOUT)
    assert window.list.count.text() == "1 hộ"


def test_typing_updates_classification_panel(qtbot: QtBot, window: MainWindow, hoa: int) -> None:
    """Raising the income in the editor turns "Nghèo" into "Không nghèo" before any save."""
    assert window.open_household(hoa)
    assert window.editor.panel.class_text == "Nghèo"
    edit = window.editor.fields["thu_nhap_bq"].widget
    edit.setText("3.500.000")  # Vietnamese-safe typing: set the text, fire the edit signal
    edit.textEdited.emit("3.500.000")
    qtbot.waitUntil(lambda: window.editor.panel.class_text == "Không nghèo", timeout=TIMEOUT)
    assert window.editor.is_dirty
    assert "3.500.000" in window.editor.panel.explanation.text()


def test_editor_refuses_invalid_member(qtbot: QtBot, window: MainWindow, ws: Workspace, hoa: int) -> None:
    """A member with an impossible birth date is highlighted and nothing is saved."""
    before = ws.conn.execute("SELECT content_hash FROM households WHERE id=?", (hoa,)).fetchone()
    window.open_household(hoa)
    roster = window.editor.roster
    col = next(i for i in range(roster.columnCount()) if roster.spec(i).code == "ngay_sinh")
    assert roster.setData(roster.index(1, col), "32/13/1990")
    qtbot.waitUntil(lambda: bool(window.editor.errors), timeout=TIMEOUT)
    assert window.save_household() is None
    assert roster.index(1, col).data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert "Ngày sinh" in roster.index(1, col).data(Qt.ItemDataRole.ToolTipRole)
    assert window.editor.table.currentIndex() == roster.index(1, col)  # focus moved to the error
    assert window.editor.problem_list.count() >= 1
    window.runner.wait(timeout=10)
    after = ws.conn.execute("SELECT content_hash FROM households WHERE id=?", (hoa,)).fetchone()
    assert after == before


def test_save_then_undo_through_the_window(qtbot: QtBot, window: MainWindow, ws: Workspace, hoa: int) -> None:
    """Save runs as one write job; Edit ▸ Undo restores the stored version."""
    window.open_household(hoa)
    edit = window.editor.fields["thu_nhap_bq"].widget
    edit.setText("3.500.000")
    edit.textEdited.emit("3.500.000")
    job = window.save_household()
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=TIMEOUT):
        pass
    assert not window.editor.is_dirty
    assert ws.households.get(hoa).thu_nhap_bq == 3_500_000  # type: ignore[arg-type]
    assert window.act_undo.isEnabled()
    job = window.undo()
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: window.editor.fields["thu_nhap_bq"].value() == "1.450.000", timeout=TIMEOUT)
    assert ws.households.get(hoa).thu_nhap_bq == 1_450_000  # type: ignore[arg-type]


def test_a_job_can_be_cancelled(qtbot: QtBot, window: MainWindow, ws: Workspace) -> None:
    """Cancel stops a long write job between rows; its transaction is rolled back ("Đã hủy")."""
    started = []

    def slow(ws: Workspace, *, progress: Any = None, cancel: Any = None) -> None:
        rep = Reporter("Đang thử", 10_000, progress, cancel, interval=0)
        with ws.operation("Thử", "hủy"):
            ws.conn.execute("UPDATE households SET ghi_chu = 'x'")
            for _ in range(10_000):
                started.append(1)
                time.sleep(0.002)
                rep.step()
        raise AssertionError("not cancelled")

    job = window.run_write(slow, "Việc dài")
    qtbot.waitUntil(lambda: bool(started), timeout=TIMEOUT)
    assert window.cancel_btn.isVisible() or not window.isVisible()
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT):
        window.cancel_btn.click()
    assert "Đã hủy" in window.message.text()
    assert job.error is None or isinstance(job.error, Interrupted)
    assert ws.conn.execute("SELECT count(*) FROM households WHERE ghi_chu = 'x'").fetchone()[0] == 0


def test_closing_with_unsaved_changes_prompts(
    qtbot: QtBot, window: MainWindow, hoa: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing with unsaved edits asks; Cancel keeps the window, Discard closes and drops the draft."""
    window.show()
    window.open_household(hoa)
    edit = window.editor.fields["ghi_chu"].widget
    edit.setText("Đã hỏi lại")
    edit.textEdited.emit("Đã hỏi lại")
    window.editor.save_draft()
    assert window.drafts.load(window.editor.key()) is not None
    asked: list[str] = []

    def answer(result: QMessageBox.StandardButton) -> Any:
        def exec_(box: QMessageBox) -> int:
            asked.append(box.text())
            return int(result.value)

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Cancel))
    assert window.close() is False
    assert asked and "chưa lưu" in asked[0]
    assert window.isVisible() and window.editor.is_dirty
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Discard))
    assert window.close() is True
    assert len(asked) == 2
    assert window.drafts.load(window.editor.key()) is None
