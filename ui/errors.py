"""Errors are presented in one place: typed core errors → a Vietnamese message box or status.

``Interrupted`` is not an error ("Đã hủy" in the status bar). ``ValidationError`` lists its
problems. Anything unexpected is logged with its traceback (never with personal data in the
message we add) and shown as "Lỗi không mong đợi" with the technical detail folded away.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from povdesk.errors import (
    Interrupted,
    NotFound,
    PermissionDenied,
    PovdeskError,
    ValidationError,
)

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def title_for(e: BaseException) -> str:
    if isinstance(e, ValidationError):
        return tr("Dữ liệu chưa hợp lệ")
    if isinstance(e, PermissionDenied):
        return tr("Không có quyền")
    if isinstance(e, NotFound):
        return tr("Không tìm thấy")
    if isinstance(e, PovdeskError):
        return tr("Không thực hiện được")
    return tr("Lỗi không mong đợi")


def message_for(e: BaseException) -> str:
    """The text a commune official reads for ``e``."""
    if isinstance(e, ValidationError):
        lines = [e.summary + ":"] + [f"• {p}" for p in e.errors[:15]]
        if len(e.errors) > 15:
            lines.append(tr("… và %n lỗi khác").replace("%n", str(len(e.errors) - 15)))
        return "\n".join(lines)
    if isinstance(e, PovdeskError):
        return str(e)
    if isinstance(e, OSError):
        return tr("Không đọc/ghi được tệp: ") + (e.strerror or str(e))
    return tr("Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu trước đó không bị ảnh hưởng.")


def show_error(parent: QWidget | None, e: BaseException) -> None:
    """Show ``e`` to the user (``Interrupted`` is silently accepted: the caller says "Đã hủy")."""
    if isinstance(e, Interrupted):
        return
    if not isinstance(e, PovdeskError):
        log.error("unexpected error: %s", "".join(traceback.format_exception(type(e), e, e.__traceback__)))
    box = QMessageBox(QMessageBox.Icon.Warning, title_for(e), message_for(e), parent=parent)
    if not isinstance(e, PovdeskError | OSError):
        box.setDetailedText(f"{type(e).__name__}: {e}")
    box.exec()
