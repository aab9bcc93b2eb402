"""The live classification panel: class, deprived indicators and the explanation, as one types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from povdesk.domain import Classification
from povdesk.errors import Problem
from povdesk.rules.ruleset import RuleSet
from ui.models.households import CLASS_COLORS


class ClassificationPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        title = QLabel(self.tr("Kết quả phân loại (tạm tính)"))
        title.setStyleSheet("font-weight: 600;")
        self.klass = QLabel()
        self.klass.setObjectName("classLabel")
        self.klass.setStyleSheet("font-size: 16pt; font-weight: 700;")
        self.rule = QLabel()
        self.rule.setStyleSheet("color: #555;")
        self.deprived = QLabel()
        self.deprived.setWordWrap(True)
        self.deprived.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (title, self.klass, self.rule, self.deprived, self.explanation):
            lay.addWidget(w)
        lay.addStretch(1)
        self.show_pending(0)

    def show_result(self, c: Classification, rs: RuleSet) -> None:
        color = CLASS_COLORS[c.klass.value].name()
        self.klass.setText(c.klass.label.capitalize())
        self.klass.setStyleSheet(f"font-size: 16pt; font-weight: 700; color: {color};")
        self.rule.setText(self.tr("Chuẩn %1").replace("%1", c.rule_set))
        names = {i.code: i.name for i in rs.indicators}
        if c.deprived:
            lines = [self.tr("Thiếu hụt %n chỉ số:").replace("%n", str(len(c.deprived)))]
            lines += [f"  • {code} {names.get(code, '')}" for code in c.deprived]
        else:
            lines = [self.tr("Không thiếu hụt chỉ số nào")]
        self.deprived.setText("\n".join(lines))
        self.explanation.setText(c.explanation)

    def show_pending(self, errors: int, problems: list[Problem] | None = None) -> None:
        self.klass.setText(self.tr("Chưa phân loại được"))
        self.klass.setStyleSheet("font-size: 14pt; font-weight: 700; color: #666;")
        self.rule.setText("")
        self.deprived.setText(
            self.tr("Còn %n lỗi cần sửa (xem danh sách bên dưới)").replace("%n", str(errors))
            if errors
            else ""
        )
        self.explanation.setText("")

    @property
    def class_text(self) -> str:
        return self.klass.text()
