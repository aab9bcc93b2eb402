"""Render resources/icons/povdesk.svg to the PNG sizes the platforms want.

    .venv/bin/python packaging/render_icon.py      (writes resources/icons/povdesk-256.png)

Uses Qt's own SVG renderer (PySide6 QtSvg, already a dependency), so no extra tool is needed.
Re-run it after editing the SVG; the PNG is committed so builds do not depend on this step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, out: Path, size: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icon: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"render_icon: cannot write {out}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    render(ICONS / "povdesk.svg", ICONS / "povdesk-256.png", 256)
    print(ICONS / "povdesk-256.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
