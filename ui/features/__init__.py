"""Feature modules of the main window, each owning its pages, dialogs and menu entries.

A feature module ``ui.features.<name>`` has ``install(window: MainWindow) -> None``, which adds
its actions and pages through the window's extension points (:meth:`MainWindow.add_action`,
:meth:`MainWindow.add_page`, :meth:`MainWindow.add_list_action`, :meth:`MainWindow.menu`).
``install`` must be cheap: build widgets lazily (``add_page`` factories run on first show) and
import heavy modules inside the factories, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# Order = order of the entries in the shared menus.
FEATURES: list[str] = []


def install_all(window: MainWindow) -> None:
    for name in FEATURES:
        importlib.import_module(f"ui.features.{name}").install(window)
