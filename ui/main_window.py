"""The main window: household list and household editor pages, menus, jobs in the status bar.

Reads for painting go through the window's own read-only connection (:attr:`MainWindow.reader`);
every write is a job on the task runner's writer thread, followed by a refresh of the search
index, after which the list reloads. Unsaved editor changes are never lost silently: switching
household, opening another file or closing asks first, and a draft is autosaved meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from povdesk import queries
from povdesk.db import snapshot
from povdesk.domain import Household, HouseholdId
from povdesk.drafts import Drafts
from povdesk.progress import Progress
from povdesk.workspace import Workspace
from ui.errors import show_error
from ui.tasks import Job, JobFn, TaskRunner, reader_workspace, without_progress
from ui.views.editor import HouseholdEditor
from ui.views.household_list import HouseholdListView

MAX_RECENT = 8
_open_windows: list[MainWindow] = []


def settings() -> QSettings:
    return QSettings("povdesk", "povdesk")


def remember_recent(path: Path) -> list[str]:
    s = settings()
    recent = [p for p in (s.value("recent", []) or []) if p != str(path)]
    recent = [str(path), *recent][:MAX_RECENT]
    s.setValue("recent", recent)
    return recent


def install_review_hooks(ws: Workspace) -> None:
    """Show the review stage column/filter when the workflow tables exist (povdesk.reviews)."""
    has = ws.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='reviews'").fetchone()
    if not has:
        queries.set_list_hooks(queries.ListHooks())
        return
    from povdesk.reviews import Stage

    current = "r.ma_xa = h.ma_xa AND r.ma_ho = h.ma_ho AND r.nam_ra_soat = h.nam_ra_soat AND r.current = 1"
    queries.set_list_hooks(
        queries.ListHooks(
            stage_sql=f"(SELECT r.stage FROM reviews r WHERE {current})",
            stages=tuple(s.value for s in Stage),
            comments_sql=(
                "EXISTS (SELECT 1 FROM reviews r JOIN review_comments rc ON rc.review_id = r.id"
                f" WHERE {current} AND rc.status = 'open')"
            ),
        )
    )


def with_index_refresh(fn: JobFn) -> JobFn:
    """A write job followed by the search-index refresh of what it wrote (same thread)."""

    def job(ws: Workspace, *args: Any, progress: Any = None, cancel: Any = None, **kw: Any) -> Any:
        result = fn(ws, *args, progress=progress, cancel=cancel, **kw)
        queries.refresh_search_index(ws)
        return result

    return job


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, *, sample: bool = False) -> None:
        super().__init__()
        self.ws = ws
        self.is_sample = sample
        install_review_hooks(ws)
        self.reader = reader_workspace(ws)
        self.runner = TaskRunner(ws)
        self.drafts = Drafts(ws.path)
        self._closing = False
        _open_windows.append(self)
        self.setWindowTitle(self._title())
        self.resize(1366, 768)

        self.list = HouseholdListView(self.reader.conn)
        self.list.model.stage_labels = _stage_labels()
        self.list.open_requested.connect(self.open_household)
        self.editor = HouseholdEditor(ws, self.drafts)
        self.editor.dirty_changed.connect(lambda _: self._update_actions())
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.editor)
        self.pages.currentChanged.connect(lambda _: self._update_actions())
        self.setCentralWidget(self.pages)
        self.table = self.list.table  # the household table (tests, screenshots)

        self._pages: dict[str, tuple[Callable[[], QWidget], QAction]] = {}
        self._page_widgets: dict[str, QWidget] = {}
        self.list_actions: list[QAction] = []
        self._build_status()
        self._build_actions()
        from ui.features import install_all

        install_all(self)
        self._finish_menus()
        self._update_actions()
        remember_recent(ws.path)
        if queries.stale_count(self.reader.conn):
            self.run_write(without_progress(lambda ws: 0), self.tr("Cập nhật chỉ mục tìm kiếm"))

    # --- chrome -------------------------------------------------------------------------

    def _title(self) -> str:
        extra = self.tr(" (dữ liệu mẫu)") if self.is_sample else ""
        return f"povdesk — {self.ws.path.name}{extra}"

    def _build_status(self) -> None:
        self.message = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_btn = QPushButton(self.tr("Hủy"))
        self.cancel_btn.setObjectName("cancelJob")
        self.cancel_btn.clicked.connect(self.cancel_jobs)
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_btn)
        self.progress.hide()
        self.cancel_btn.hide()

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        a.triggered.connect(lambda _=False: slot())
        if tip:
            a.setStatusTip(tip)
        return a

    def _build_actions(self) -> None:
        K = QKeySequence
        self.act_new_db = self._action(self.tr("Tệp dữ liệu &mới…"), self.new_database)
        self.act_open = self._action(
            self.tr("&Mở tệp dữ liệu…"), self.open_database_dialog, K(K.StandardKey.Open)
        )
        self.act_copy = self._action(self.tr("Lưu một &bản sao…"), self.save_copy, K("Ctrl+Shift+S"))
        self.act_sample = self._action(self.tr("Mở dữ liệu &mẫu"), self.open_sample)
        self.act_quit = self._action(self.tr("&Thoát"), self.close, K(K.StandardKey.Quit))
        self.act_undo = self._action(self.tr("&Hoàn tác"), self.undo, K(K.StandardKey.Undo))
        self.act_redo = self._action(self.tr("&Làm lại"), self.redo, [K("Ctrl+Y"), K("Ctrl+Shift+Z")])
        self.act_find = self._action(self.tr("&Tìm hộ"), self.find, K(K.StandardKey.Find))
        self.act_list = self._action(self.tr("&Danh sách hộ"), self.show_list, K("Ctrl+1"))
        self.act_editor = self._action(self.tr("&Phiếu hộ"), self.show_editor, K("Ctrl+2"))
        self.act_new = self._action(self.tr("Thêm &hộ mới"), self.new_household, K(K.StandardKey.New))
        self.act_save = self._action(self.tr("&Lưu hộ"), self.save_household, K(K.StandardKey.Save))
        self.act_prev = self._action(self.tr("Hộ &trước"), lambda: self.step_household(-1), K("Ctrl+PgUp"))
        self.act_next = self._action(self.tr("Hộ &sau"), lambda: self.step_household(+1), K("Ctrl+PgDown"))
        self.act_add_member = self._action(self.tr("Thêm thành &viên"), self.editor.add_member, K("Ctrl+M"))
        self.act_remove_member = self._action(
            self.tr("&Xóa thành viên"), self.editor.remove_member, K("Ctrl+Shift+M")
        )
        self.act_member_up = self._action(
            self.tr("Chuyển thành viên lên"), lambda: self.editor.move_member(-1), K("Alt+Up")
        )
        self.act_member_down = self._action(
            self.tr("Chuyển thành viên xuống"), lambda: self.editor.move_member(+1), K("Alt+Down")
        )
        self.act_discard = self._action(self.tr("&Bỏ các thay đổi chưa lưu"), self.discard_changes)
        self.act_reclassify = self._action(self.tr("&Phân loại lại tất cả hộ"), self.reclassify_all)
        self.act_lang_vi = self._action("Tiếng Việt", lambda: self.set_language("vi"))
        self.act_lang_en = self._action("English", lambda: self.set_language("en"))
        self.act_about = self._action(self.tr("&Giới thiệu"), self.about)

        mb = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        m = self.menus["file"] = mb.addMenu(self.tr("&Tệp"))
        for a in (self.act_new_db, self.act_open):
            m.addAction(a)
        self.recent_menu = m.addMenu(self.tr("Mở &gần đây"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for a in (self.act_copy, self.act_sample):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = self.menus["edit"] = mb.addMenu(self.tr("&Sửa"))
        for a in (self.act_undo, self.act_redo, self.act_find, self.act_discard):
            m.addAction(a)
        m = self.menus["household"] = mb.addMenu(self.tr("&Hộ"))
        for a in (self.act_new, self.act_save, self.act_prev, self.act_next):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_add_member, self.act_remove_member, self.act_member_up, self.act_member_down):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_reclassify)
        self.menus["review"] = mb.addMenu(self.tr("&Rà soát"))
        self.menus["print"] = mb.addMenu(self.tr("&In ấn"))
        self.menus["reports"] = mb.addMenu(self.tr("&Báo cáo"))
        self.menus["tools"] = mb.addMenu(self.tr("&Công cụ"))
        m = self.menus["view"] = mb.addMenu(self.tr("&Xem"))
        m.addAction(self.act_list)
        m.addAction(self.act_editor)
        self.menus["view_pages"] = m
        lang = m.addMenu(self.tr("&Ngôn ngữ"))
        lang.addAction(self.act_lang_vi)
        lang.addAction(self.act_lang_en)
        m = self.menus["help"] = mb.addMenu(self.tr("Trợ &giúp"))
        m.addAction(self.act_about)

        tb = self.addToolBar(self.tr("Công cụ"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_list, self.act_editor, None, self.act_new, self.act_save, None, self.act_undo,
                  self.act_redo, None, self.act_prev, self.act_next, None, self.act_add_member):  # fmt: skip
            if a is None:
                tb.addSeparator()
            else:
                tb.addAction(a)

    # --- extension points for ui.features modules ----------------------------------------

    def menu(self, key: str) -> QMenu:
        """A top-level menu by key: file, edit, household, review, print, reports, tools, view, help."""
        return self.menus[key]

    def add_action(
        self, menu: str, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = ""
    ) -> QAction:
        """An action in one of the top-level menus (see :meth:`menu`)."""
        a = self._action(text, slot, shortcut, tip)
        self.menus[menu].addAction(a)
        return a

    def add_page(
        self,
        key: str,
        title: str,
        factory: Callable[[], QWidget],
        *,
        menu: str = "view",
        shortcut: Any = None,
    ) -> QAction:
        """A page of the central stack, built on first show (keeps start-up fast).

        The action that shows it goes into ``menu``; :meth:`show_page` shows it from code.
        """
        a = self._action(title, lambda: self.show_page(key), shortcut)
        self._pages[key] = (factory, a)
        self.menus[menu].addAction(a)
        return a

    def page(self, key: str) -> QWidget:
        """The page widget for ``key`` (built now if it was not yet)."""
        w = self._page_widgets.get(key)
        if w is None:
            w = self._pages[key][0]()
            self._page_widgets[key] = w
            self.pages.addWidget(w)
        return w

    def show_page(self, key: str) -> QWidget:
        w = self.page(key)
        self.pages.setCurrentWidget(w)
        return w

    def add_list_action(self, action: QAction) -> None:
        """An action on the household list's context menu (batch actions use selected_ids())."""
        self.list_actions.append(action)
        self.list.table.addAction(action)
        self.list.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _finish_menus(self) -> None:
        for m in self.menus.values():
            m.menuAction().setVisible(bool(m.actions()))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in settings().value("recent", []) or []:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _=False, p=p: self.open_database(Path(p)))

    def _update_actions(self) -> None:
        editing = self.pages.currentWidget() is self.editor
        self.act_save.setEnabled(editing)
        self.act_discard.setEnabled(editing and self.editor.is_dirty)
        for a in (self.act_add_member, self.act_remove_member, self.act_member_up, self.act_member_down):
            a.setEnabled(editing)
        u = self.ws.undo
        self.act_undo.setEnabled(u.can_undo)
        self.act_redo.setEnabled(u.can_redo)
        self.act_undo.setText(self.tr("&Hoàn tác") + (f": {u.undo_label}" if u.undo_label else ""))
        self.act_redo.setText(self.tr("&Làm lại") + (f": {u.redo_label}" if u.redo_label else ""))

    def say(self, text: str) -> None:
        self.message.setText(text)

    # --- jobs ---------------------------------------------------------------------------

    def run_write(
        self, fn: JobFn, label: str, on_done: Callable[[Any], None] | None = None, *args: Any
    ) -> Job:
        """Run a write job (then refresh the search index); reload the list when it ends."""
        job = self.runner.write(with_index_refresh(fn), *args, label=label)
        self._track(job, on_done)
        return job

    def _track(self, job: Job, on_done: Callable[[Any], None] | None) -> None:
        self.say(job.label + "…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_btn.show()
        job.progressed.connect(self._on_progress)
        job.cancelled.connect(lambda: self.say(self.tr("Đã hủy: ") + job.label))
        job.failed.connect(
            lambda e: (self.say(self.tr("Không thực hiện được: ") + job.label), show_error(self, e))
        )
        if on_done is not None:
            job.finished.connect(on_done)
        job.finished.connect(
            lambda _: self.say(self.tr("Xong: ") + job.label) if self.message.text().endswith("…") else None
        )
        job.done.connect(self._job_done)

    def _on_progress(self, p: Progress) -> None:
        if p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
        self.progress.setFormat(f"{p.label}: %p%")

    def _job_done(self) -> None:
        if not self.runner.active:
            self.progress.hide()
            self.cancel_btn.hide()
        if not self._closing:
            self.list.reload()
            self._update_actions()

    def cancel_jobs(self) -> None:
        for job in list(self.runner.active):
            job.cancel()

    def reclassify_all(self) -> Job:
        year = self.list.year.currentData()

        def job(ws: Workspace, *, progress: Any = None, cancel: Any = None) -> Any:
            return ws.households.reclassify(year, progress=progress, cancel=cancel)

        return self.run_write(job, self.tr("Phân loại lại các hộ"))

    # --- pages --------------------------------------------------------------------------

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list)
        self.list.table.setFocus()

    def show_editor(self) -> None:
        if self.editor.loaded is None and not self.editor.is_dirty:
            hid = self.list.current_id() or (self.list.model.ids[0] if self.list.model.ids else None)
            if hid is not None:
                self.open_household(hid)
                return
        self.pages.setCurrentWidget(self.editor)

    def find(self) -> None:
        self.show_list()
        self.list.focus_search()

    # --- household editing --------------------------------------------------------------

    def confirm_leave_editor(self) -> bool:
        """Ask what to do with unsaved changes; False = stay (the caller must not go on)."""
        if not self.editor.is_dirty:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Thay đổi chưa lưu"),
            self.tr("Phiếu hộ có thay đổi chưa lưu. Lưu trước khi tiếp tục?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            job = self.save_household()
            if job is None:
                return False
            self.runner.wait(timeout=30)
            return not self.editor.is_dirty
        if answer == QMessageBox.StandardButton.Discard:
            self.editor.discard()
            return True
        return False

    def open_household(self, hid: int) -> bool:
        if self.editor.household_id == hid and self.editor.loaded is not None:
            self.pages.setCurrentWidget(self.editor)
            return True
        if not self.confirm_leave_editor():
            return False
        h = self.reader.households.get(HouseholdId(hid))
        self.editor.load(h, HouseholdId(hid))
        draft = self.drafts.load(self.editor.key())
        if draft is not None and self._ask_restore(draft.saved_at):
            self.editor.load_raw(draft.data, HouseholdId(hid), h)
        self.list.select(hid)
        self.pages.setCurrentWidget(self.editor)
        self._update_actions()
        return True

    def _ask_restore(self, saved_at: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Có bản nháp"),
            self.tr("Hộ này có bản nháp chưa lưu (lúc %1). Khôi phục bản nháp?").replace("%1", saved_at),
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_household(self) -> None:
        if not self.confirm_leave_editor():
            return
        communes = self.reader.communes.all()
        c = communes[0] if communes else None
        year = self.list.year.currentData() or dt.date.today().year
        defaults: dict[str, Any] = {
            "ma_xa": c.code if c else "",
            "ten_xa": c.name if c else "",
            "khu_vuc": c.area if c else "",
            "nam_ra_soat": year,
            "ngay_ra_soat": dt.date.today().strftime("%d/%m/%Y"),
            "ra_soat_vien": self.ws.user if self.ws.user != "admin" else "",
            "thon": self.list.village.currentData() or "",
        }
        self.editor.load(None, None, defaults)
        self.pages.setCurrentWidget(self.editor)
        self.editor.fields["thon" if not defaults["thon"] else "ma_ho"].widget.setFocus()
        self._update_actions()

    def save_household(self) -> Job | None:
        """Save the editor's household (one transaction on the writer); None if it has errors."""
        h = self.editor.validated()
        if h is None:
            n = len(self.editor.errors)
            self.say(self.tr("Chưa lưu: còn %n lỗi (ô tô đỏ). Sửa rồi lưu lại.").replace("%n", str(n)))
            QTimer.singleShot(0, lambda: None)
            return None

        def job(ws: Workspace, *, progress: Any = None, cancel: Any = None) -> Any:
            return ws.undo.save(h)

        def done(result: Any) -> None:
            self.editor.mark_saved(h, result.id)
            self.list.reload(keep=result.id)
            warn = len(result.warnings)
            msg = (
                self.tr("Đã lưu hộ %1: %2")
                .replace("%1", h.ma_ho)
                .replace("%2", result.classification.klass.label)
            )
            self.say(msg + (self.tr(" (%n cảnh báo)").replace("%n", str(warn)) if warn else ""))

        return self.run_write(job, self.tr("Lưu hộ %1").replace("%1", h.ma_ho), done)

    def discard_changes(self) -> None:
        self.editor.discard()
        self._update_actions()

    def step_household(self, delta: int) -> None:
        current = (
            self.editor.household_id if self.pages.currentWidget() is self.editor else self.list.current_id()
        )
        if current is None:
            if self.list.model.ids:
                self.open_household(self.list.model.ids[0])
            return
        target = self.list.neighbour(current, delta)
        if target is not None:
            if self.pages.currentWidget() is self.editor:
                self.open_household(target)
            else:
                self.list.select(target)

    def undo(self) -> Job | None:
        if not self.ws.undo.can_undo or not self.confirm_leave_editor():
            return None
        return self._undo_redo(lambda ws: ws.undo.undo(), self.tr("Hoàn tác"))

    def redo(self) -> Job | None:
        if not self.ws.undo.can_redo or not self.confirm_leave_editor():
            return None
        return self._undo_redo(lambda ws: ws.undo.redo(), self.tr("Làm lại"))

    def _undo_redo(self, fn: Callable[[Workspace], Any], label: str) -> Job:
        def done(result: Any) -> None:
            self.say(f"{label}: {result.label}")
            if self.editor.loaded is not None and self.editor.loaded.key == result.key:
                if result.id is None:
                    self.editor.load(None, None, {})
                    self.show_list()
                else:
                    self.list.reload(keep=result.id)
                    self.editor.load(self.reader.households.get(result.id), result.id)

        return self.run_write(without_progress(fn), label, done)

    # --- files --------------------------------------------------------------------------

    def open_database(self, path: Path, *, sample: bool = False) -> MainWindow | None:
        """Open ``path`` in a new window and close this one (after asking about unsaved work)."""
        if not self.confirm_leave_editor():
            return None
        try:
            ws = Workspace.open(path, user=self.ws.user)
        except Exception as e:
            show_error(self, e)
            return None
        w = MainWindow(ws, sample=sample)
        w.show()
        self.close()
        return w

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Mở tệp dữ liệu"),
            str(self.ws.path.parent),
            self.tr("Dữ liệu povdesk (*.sqlite *.db)"),
        )
        if path:
            self.open_database(Path(path))

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Tạo tệp dữ liệu mới"),
            str(self.ws.path.parent),
            self.tr("Dữ liệu povdesk (*.sqlite)"),
        )
        if path:
            w = self.open_database(Path(path))
            if w is not None:
                QTimer.singleShot(0, w.first_run_setup)

    def save_copy(self) -> Job | None:
        stamp = dt.date.today().strftime("%Y%m%d")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Lưu một bản sao"),
            str(self.ws.path.with_name(f"{self.ws.path.stem}-ban-sao-{stamp}.sqlite")),
            self.tr("Dữ liệu povdesk (*.sqlite)"),
        )
        if not path:
            return None
        return self.copy_to(Path(path))

    def copy_to(self, dest: Path) -> Job:
        """A consistent copy of the open file (SQLite backup API), made on the writer thread."""

        def job(ws: Workspace, *, progress: Any = None, cancel: Any = None) -> Path:
            return snapshot(ws.conn, dest)

        return self.run_write(
            job, self.tr("Lưu bản sao"), lambda p: self.say(self.tr("Đã lưu bản sao: ") + str(p))
        )

    def open_sample(self) -> MainWindow | None:
        from ui.app import sample_db_path

        path = sample_db_path()
        fresh = not path.exists()
        w = self.open_database(path, sample=True)
        if w is not None and fresh:
            w.create_sample()
        return w

    def create_sample(self) -> Job:
        from povdesk.sample import create_sample

        def job(ws: Workspace, *, progress: Any = None, cancel: Any = None) -> Any:
            return create_sample(ws, progress=progress, cancel=cancel)

        def done(_: Any) -> None:
            self.list.refresh_facets()

        return self.run_write(job, self.tr("Tạo dữ liệu mẫu"), done)

    def first_run_setup(self) -> None:
        """Ask for the commune and the user's name when the file has no commune yet."""
        if self.reader.communes.all():
            return
        from ui.dialogs.setup import SetupDialog

        dlg = SetupDialog(settings().value("user", "") or "", self)
        if not dlg.exec():
            return
        if dlg.user_name:
            settings().setValue("user", dlg.user_name)
            self.ws.user = dlg.user_name
        if dlg.wants_sample:
            self.open_sample()
            return
        commune = dlg.commune
        assert commune is not None

        def job(ws: Workspace, *, progress: Any = None, cancel: Any = None) -> Any:
            return ws.communes.add(commune)

        self.run_write(job, self.tr("Thêm xã %1").replace("%1", commune.name))

    def set_language(self, lang: str) -> None:
        settings().setValue("language", lang)
        QMessageBox.information(
            self,
            "povdesk",
            "Ngôn ngữ mới có hiệu lực khi mở lại ứng dụng.\nThe new language applies after a restart.",
        )

    def about(self) -> None:
        from povdesk import __version__

        QMessageBox.about(
            self,
            self.tr("Giới thiệu"),
            self.tr("povdesk %1 — phần mềm rà soát hộ nghèo, hộ cận nghèo, chạy không cần mạng.").replace(
                "%1", __version__
            ),
        )

    # --- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_leave_editor():
            event.ignore()
            return
        self._closing = True
        self.runner.shutdown()
        self.reader.conn.close()
        self.ws.close()
        if self in _open_windows:
            _open_windows.remove(self)
        event.accept()


def _stage_labels() -> dict[str, str]:
    try:
        from povdesk.reviews import Stage
    except ImportError:  # the workflow module is optional for the list
        return {}
    return {s.value: s.label for s in Stage}


def editor_household(w: MainWindow) -> Household | None:
    """The household the editor would save now (tests)."""
    return w.editor.household


__all__ = ["MainWindow", "QWidget"]
