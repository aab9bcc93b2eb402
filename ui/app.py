"""Application start-up: parse arguments, open the workspace, show the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from povdesk import __version__


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="povdesk-gui", description="povdesk — rà soát hộ nghèo, hộ cận nghèo")
    p.add_argument("--db", type=Path, help="tệp dữ liệu (mặc định: dữ liệu của ứng dụng)")
    p.add_argument("--version", action="version", version=f"povdesk {__version__}")
    p.add_argument("--screenshot", type=Path, help="lưu ảnh cửa sổ chính rồi thoát (kiểm thử, tài liệu)")
    p.add_argument("--quit-after", type=int, metavar="MS", help="tự thoát sau MS mili giây (kiểm thử)")
    return p.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from povdesk.errors import PovdeskError
    from povdesk.workspace import Workspace
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("povdesk")
    app.setApplicationVersion(__version__)
    try:
        ws = Workspace.open(args.db)
    except PovdeskError as e:
        QMessageBox.critical(None, "povdesk", str(e))
        return 2
    window = MainWindow(ws)
    window.show()
    if args.screenshot:

        def grab() -> None:
            window.grab().save(str(args.screenshot))
            app.quit()

        QTimer.singleShot(300, grab)
    elif args.quit_after:
        QTimer.singleShot(args.quit_after, app.quit)
    try:
        return int(app.exec())
    finally:
        ws.close()
