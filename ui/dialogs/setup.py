"""First-run setup: the commune this file serves and who is working, or the sample commune."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.communes import validate_commune
from povdesk.domain import AREAS_ALL, Commune


class SetupDialog(QDialog):
    """``exec()`` → Accepted with :attr:`commune`/:attr:`user`, or :attr:`wants_sample` set."""

    def __init__(self, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chào mừng đến với povdesk"))
        self.wants_sample = False
        self.commune: Commune | None = None
        intro = QLabel(
            self.tr(
                "Tệp dữ liệu này chưa có xã nào. Nhập xã (phường) mà bạn rà soát và tên của bạn; "
                "hoặc mở dữ liệu mẫu để xem thử ứng dụng với một xã đầy đủ."
            )
        )
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("setupCode")
        self.code.setPlaceholderText("12345")
        self.code.setMaxLength(5)
        self.name = QLineEdit()
        self.name.setObjectName("setupName")
        self.name.setPlaceholderText(self.tr("Xã Minh Hòa"))
        self.area = QComboBox()
        self.area.addItems(list(AREAS_ALL))
        self.user = QLineEdit(user)
        self.user.setObjectName("setupUser")
        form = QFormLayout()
        form.addRow(self.tr("Mã xã (5 chữ số)"), self.code)
        form.addRow(self.tr("Tên xã/phường"), self.name)
        form.addRow(self.tr("Khu vực"), self.area)
        form.addRow(self.tr("Tên người dùng"), self.user)
        buttons = QDialogButtonBox()
        self.start = buttons.addButton(self.tr("Bắt đầu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sample = QPushButton(self.tr("Mở dữ liệu mẫu"))
        self.sample.setObjectName("openSample")
        buttons.addButton(self.sample, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.sample.clicked.connect(self._sample)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)

    def _sample(self) -> None:
        self.wants_sample = True
        self.accept()

    def _accept(self) -> None:
        c = Commune(self.code.text().strip(), self.name.text().strip(), self.area.currentText())
        problems = validate_commune(c)
        if problems:
            QMessageBox.warning(self, self.windowTitle(), "\n".join(p.message for p in problems))
            return
        self.commune = c
        self.accept()

    @property
    def user_name(self) -> str:
        return self.user.text().strip()
