"""A small form-dialog base for the 名簿 dialogs: labelled fields, a message under each field, and
reading dates and counts as staff type them (2025/4/1, 令和7年4月1日, １２０)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.member_fields import check_count, check_date
from app.domain.validation import Problem, ValidationError
from app.domain.wareki import format_wareki
from app.services.records import EditConflict
from app.ui.dialog_size import minimum_width_for_text
from app.ui.widgets import FieldError, with_error


class MemberFormDialog(QDialog):
    """Subclasses add fields with add_line/add_combo/…, then implement `collect()`, which returns
    the record or raises ValidationError; OK keeps the dialog open while there are problems."""

    object_prefix = "member"

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        minimum_width_for_text(self, 520)
        self.form = QFormLayout()
        self.errors: dict[str, FieldError] = {}
        self.widgets: dict[str, QWidget] = {}
        self.record: Any = None  # the validated record after OK
        self.original: Any = None  # the record the form was filled from (subclasses set it)
        # Set by the page: saves the record while the dialog is open; a refusal keeps it open.
        self.submit: Callable[[Any], ValidationError | None] | None = None
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("保存する")
        self.ok_button.setObjectName(f"{self.object_prefix}_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    # -- building -----------------------------------------------------------------------------------
    def _add(self, key: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(f"{self.object_prefix}_{key}")
        error = FieldError()
        error.setObjectName(f"{self.object_prefix}_{key}_error")
        self.errors[key] = error
        self.widgets[key] = widget
        self.form.addRow(label, with_error(widget, error))
        return widget

    def add_line(self, key: str, label: str, text: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        self._add(key, label, edit)
        return edit

    def add_date(self, key: str, label: str, value: date | None) -> QLineEdit:
        edit = self.add_line(
            key, label, f"{value:%Y/%m/%d}" if value else "", "例: 2025/4/1 または 令和7年4月1日"
        )
        edit.textChanged.connect(lambda text, e=edit: e.setToolTip(_wareki_hint(text)))
        return edit

    def add_combo(self, key: str, label: str, items: list[tuple[str, Any]], current: Any) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        self._add(key, label, combo)
        return combo

    def add_check(self, key: str, label: str, text: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(checked)
        self._add(key, label, box)
        return box

    def note_estimated(self, estimated: bool) -> None:
        """Under ふりがな: a reading the import guessed is for staff to check (editing it clears 推定)."""
        if estimated:
            hint = QLabel("取り込みのときに推定した読みです。確かめて直してください（直すと「推定」の印が消えます）")
            hint.setObjectName(f"{self.object_prefix}_furigana_estimated")
            hint.setWordWrap(True)
            self.form.addRow("", hint)

    def add_note(self, key: str, label: str, text: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setMaximumHeight(70)
        edit.setTabChangesFocus(True)  # keyboard users move on with Tab, as in every other field
        self._add(key, label, edit)
        return edit

    # -- reading ------------------------------------------------------------------------------------
    def text(self, key: str) -> str:
        widget = self.widgets[key]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()  # type: ignore[attr-defined]

    def date_value(self, key: str, problems: list[Problem]) -> date | None:
        return check_date(key, self.text(key), problems)

    def count_value(self, key: str, label: str, problems: list[Problem]) -> int | None:
        return check_count(key, label, self.text(key).strip() or None, problems)

    # -- accepting ----------------------------------------------------------------------------------
    def collect(self) -> Any:
        raise NotImplementedError

    def try_accept(self) -> None:
        for error in self.errors.values():
            error.show_messages([])
        try:
            self.record = self.collect()
        except ValidationError as exc:
            self.show_problems(exc)
            return
        refusal = self.submit(self.record) if self.submit is not None else None
        if refusal is not None:
            self.show_refusal(refusal)
            return
        self.accept()

    def show_refusal(self, exc: ValidationError) -> None:
        """The save was refused: everything typed stays. After a conflict the form takes the version
        stored now, so that 保存する again overwrites on purpose (the message showed their change)."""
        if isinstance(exc, EditConflict) and self.original is not None:
            self.original = replace(self.original, version=exc.current_version)
        self.summary.setText(str(exc))

    def show_problems(self, exc: ValidationError) -> None:
        unplaced = []
        for problem in exc.problems:
            if problem.field in self.errors:
                self.errors[problem.field].show_messages(exc.for_field(problem.field))
            else:
                unplaced.append(problem.message)
        self.summary.setText("\n".join(["入力に誤りがあります。赤い文字の項目を直してください。", *unplaced]))


def merge_problems(problems: list[Problem], validate: Any) -> Any:
    """Run a service validation and raise one ValidationError with the form's problems and its own
    (where the form already named a field — a date it could not read — the service's word on the
    same field, that it is missing, is left out)."""
    try:
        result = validate()
    except ValidationError as exc:
        seen = {p.field for p in problems}
        raise ValidationError(problems + [p for p in exc.problems if p.field not in seen]) from None
    if problems:
        raise ValidationError(problems)
    return result


def _wareki_hint(text: str) -> str:
    problems: list[Problem] = []
    value = check_date("", text, problems)
    return format_wareki(value) if value else ""
