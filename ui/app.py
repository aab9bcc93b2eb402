"""Application start-up: parse arguments, open the workspace, show the main window.

``python main.py`` opens the default database (the user's data directory; created on first run,
when a short setup asks for the commune or offers the sample commune) or ``--db PATH``.
``--screenshot OUT.png [--view households|editor]`` renders the window offscreen at 1366×768,
saves the picture and exits (docs, tests).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from povdesk import __version__

SCREEN = (1366, 768)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="povdesk-gui", description="povdesk — rà soát hộ nghèo, hộ cận nghèo")
    p.add_argument("--db", type=Path, help="tệp dữ liệu (mặc định: dữ liệu của ứng dụng)")
    p.add_argument("--version", action="version", version=f"povdesk {__version__}")
    p.add_argument("--user", help="tên người dùng ghi vào lịch sử thay đổi")
    p.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ giao diện (mặc định: tiếng Việt)")
    p.add_argument("--sample", action="store_true", help="mở dữ liệu mẫu (tạo nếu chưa có)")
    p.add_argument("--screenshot", type=Path, help="lưu ảnh cửa sổ chính rồi thoát (kiểm thử, tài liệu)")
    p.add_argument(
        "--view",
        choices=["households", "editor"],
        default="households",
        help="trang chụp ảnh (với --screenshot)",
    )
    p.add_argument("--quit-after", type=int, metavar="MS", help="tự thoát sau MS mili giây (kiểm thử)")
    return p.parse_args(list(argv))


def sample_db_path() -> Path:
    """Where "Mở dữ liệu mẫu" keeps the sample commune (next to the default database)."""
    from povdesk.workspace import default_db_path

    return default_db_path().with_name("du-lieu-mau.sqlite")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from povdesk.errors import PovdeskError
    from povdesk.workspace import DEFAULT_USER, Workspace
    from ui import i18n
    from ui.main_window import MainWindow, settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("povdesk")
    app.setApplicationVersion(__version__)
    i18n.install(app, args.lang or str(settings().value("language", "vi") or "vi"))
    user = args.user or str(settings().value("user", "") or "") or DEFAULT_USER
    path = sample_db_path() if args.sample else args.db
    fresh_sample = args.sample and not sample_db_path().exists()
    try:
        ws = Workspace.open(path, user=user)
    except PovdeskError as e:
        QMessageBox.critical(None, "povdesk", str(e))
        return 2
    window = MainWindow(ws, sample=args.sample)
    window.resize(*SCREEN)
    window.show()
    if fresh_sample:
        window.create_sample()
    if args.screenshot:
        QTimer.singleShot(200, lambda: _shoot(window, args.screenshot, args.view))
    else:
        QTimer.singleShot(0, window.first_run_setup)
        if args.quit_after:
            QTimer.singleShot(args.quit_after, app.quit)
    return int(app.exec())


def _shoot(window: object, out: Path, view: str) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.runner.wait(timeout=60)
    QApplication.processEvents()
    if view == "editor":
        window.show_editor()
    QApplication.processEvents()
    window.grab().save(str(out))
    window.close()
    QApplication.quit()
