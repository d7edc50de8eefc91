"""「個人情報を消去…」: how to reduce the name of a member who has left, and a clear last word before
an erasure that cannot be undone."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.members.erasure import NAME_CHOICES, NAME_KEEP, NameChoice
from app.ui.dialog_size import minimum_width_for_text


class ErasePersonalDataDialog(QDialog):
    def __init__(self, parent: QWidget | None, name: str, fields_text: str):
        super().__init__(parent)
        self.setObjectName("erase_dialog")
        self.setWindowTitle(f"個人情報を消去 — {name}")
        minimum_width_for_text(self, 480)
        explanation = QLabel(
            f"退会した「{name}」の{fields_text}を消去します。変更履歴に残っている以前の値も消去されます。\n"
            "会計の記録や退会日などの履歴はそのまま残ります。"
        )
        explanation.setWordWrap(True)
        warning = QLabel(
            "この操作は元に戻せません（「元に戻す」でも戻りません）。"
            "消去より前に作られたバックアップには以前の値が残ります。"
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b00020; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(QLabel("名前の扱い"))
        self._choices: dict[NameChoice, QRadioButton] = {}
        group = QButtonGroup(self)
        for choice, label in NAME_CHOICES.items():
            button = QRadioButton(label)
            button.setObjectName(f"erase_name_{choice}")
            group.addButton(button)
            layout.addWidget(button)
            self._choices[choice] = button
        self._choices[NAME_KEEP].setChecked(True)
        self.note = QCheckBox("備考も消去する")
        self.note.setObjectName("erase_note")
        layout.addWidget(self.note)
        layout.addWidget(warning)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("消去する", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("erase_ok")
        ok.setAutoDefault(False)
        cancel = buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # Enter does not erase by accident
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def name_choice(self) -> NameChoice:
        return next(choice for choice, button in self._choices.items() if button.isChecked())

    @property
    def erase_note(self) -> bool:
        return self.note.isChecked()
