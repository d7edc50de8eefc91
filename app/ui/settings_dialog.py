"""ファイル → 「設定…」: the office's preferences (app.services.settings.OFFICE_SETTINGS), each with
its label, what it does, and an editor fit to its type. Every value is checked by the setting itself;
a value that is not allowed is named beside its field and nothing is saved. Saved as one step that
元に戻す takes back."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.settings import (
    OFFICE_SETTINGS,
    ChoiceSetting,
    IntSetting,
    Setting,
    TextListSetting,
    TextSetting,
    change_settings,
)
from app.ui.context import AppContext
from app.ui.dialog_size import fit_to_screen, minimum_width_for_text
from app.ui.operations import perform

ERROR_STYLE = "color: #b00020;"
HELP_STYLE = "color: #555555;"
# Suffixes and steps for numbers people type in a unit.
_UNITS = {"assets_equipment_minimum": (" 円", 10_000), "backup_keep_count": (" 個", 1)}
_LIST_HINT = "例: 会長,会計,監事"


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: AppContext):
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle("設定")
        self.ctx = ctx
        self.before: dict[Setting[Any], Any] = {s: ctx.office.settings.get(s) for s in OFFICE_SETTINGS}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for setting in OFFICE_SETTINGS:
            field = QWidget()
            column = QVBoxLayout(field)
            column.setContentsMargins(0, 0, 0, 6)
            column.setSpacing(2)
            editor = self._editor(setting, self.before[setting])
            editor.setObjectName(f"setting_{setting.name}")
            editor.setToolTip(setting.doc)
            self.editors[setting.name] = editor
            column.addWidget(editor)
            help_text = QLabel(setting.doc)
            help_text.setObjectName(f"help_{setting.name}")
            help_text.setWordWrap(True)
            help_text.setStyleSheet(HELP_STYLE)
            column.addWidget(help_text)
            error = QLabel()
            error.setObjectName(f"error_{setting.name}")
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            self.errors[setting.name] = error
            column.addWidget(error)
            label = QLabel(f"{setting.label}:")
            label.setBuddy(editor)
            form.addRow(label, field)

        inner = QWidget()
        inner.setLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(inner)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("settings_save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if ctx.read_only:
            note = QLabel("読み取り専用で開いているため、設定は変えられません。")
            note.setStyleSheet("color: #8a4b00;")
            layout.addWidget(note)
            self.save_button.setEnabled(False)
        layout.addWidget(self.scroll, 1)
        self.general_error = QLabel()
        self.general_error.setObjectName("settings_error")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        minimum_width_for_text(self, 560)
        fit_to_screen(self, self.scroll)

    # -- editors ----------------------------------------------------------------------------------
    @staticmethod
    def _editor(setting: Setting[Any], value: Any) -> QWidget:
        if isinstance(setting, ChoiceSetting):
            combo = QComboBox()
            for choice in setting.choices:
                combo.addItem(setting.label_of(choice), choice)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        if isinstance(setting, IntSetting):
            spin = QSpinBox()
            spin.setRange(setting.minimum, setting.maximum)
            suffix, step = _UNITS.get(setting.name, ("", 1))
            spin.setSuffix(suffix)
            spin.setSingleStep(step)
            spin.setGroupSeparatorShown(True)
            spin.setValue(value)
            return spin
        edit = QLineEdit(setting.format(value))
        if isinstance(setting, TextSetting) and setting.hint:
            edit.setPlaceholderText(setting.hint)
        elif isinstance(setting, TextListSetting):
            edit.setPlaceholderText(_LIST_HINT)
        return edit

    def _text(self, setting: Setting[Any]) -> str:
        editor = self.editors[setting.name]
        if isinstance(editor, QComboBox):
            return str(editor.currentData())
        if isinstance(editor, QSpinBox):
            return str(editor.value())
        assert isinstance(editor, QLineEdit)
        return editor.text()

    # -- saving -----------------------------------------------------------------------------------
    def values(self) -> tuple[dict[Setting[Any], Any], dict[str, str]]:
        """The values typed, each read by its setting, and a message per setting that cannot be read."""
        after: dict[Setting[Any], Any] = {}
        problems: dict[str, str] = {}
        for setting in OFFICE_SETTINGS:
            try:
                after[setting] = setting.check(setting.parse(self._text(setting)))
            except ValueError as exc:
                problems[setting.name] = str(exc)
        return after, problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        if problems:
            first = next(iter(problems))
            self.scroll.ensureWidgetVisible(self.editors[first])
            self.editors[first].setFocus()

    def save(self) -> None:
        if self.ctx.read_only:
            return
        after, problems = self.values()
        self._show_problems(problems)
        if problems:
            return  # nothing is saved while any value is not allowed
        if all(after[s] == self.before[s] for s in OFFICE_SETTINGS):
            self.accept()
            return
        refused = perform(self.ctx, change_settings(self.ctx.db, self.before, after))
        if refused is not None:  # the services refused it: nothing was saved
            current = getattr(refused, "current", None)
            if isinstance(current, dict):  # saved elsewhere since: saving again overwrites on purpose
                self.before.update(current)
            self._show_problems({p.field: p.message for p in refused.problems if p.field in self.errors})
            other = [p.message for p in refused.problems if p.field not in self.errors]
            self.general_error.setText("\n".join(other))
            self.general_error.setVisible(bool(other))
            return
        self.accept()
