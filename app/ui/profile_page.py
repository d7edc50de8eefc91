"""団体情報: the body's profile form, with messages next to each field and an undoable save."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.areas import AREAS
from app.domain.dates import parse_date
from app.domain.validation import Problem, ValidationError
from app.domain.wareki import format_wareki
from app.services.changes import PROFILE, Changes
from app.services.profile import Profile, SaveProfile, get_profile, validate_profile
from app.services.records import EditConflict
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.widgets import FieldError, with_error

LABELS = {
    "name": "地域協働体名",
    "centre_name": "市民センター名",
    "area": "地域",
    "chair_name": "会長名",
    "postal_code": "郵便番号",
    "address": "所在地",
    "phone": "電話",
    "established_on": "設立日",
}
PLACEHOLDERS = {
    "name": "例: ○○地域協働体（必須）",
    "centre_name": "例: ○○市民センター",
    "postal_code": "例: 021-0000",
    "address": "例: 岩手県一関市○○字○○1番地",
    "phone": "例: 0191-21-2111",
    "established_on": "例: 2008/4/1 または 平成20年4月1日",
}


class ProfilePage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("profile_page")
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}

        form = QFormLayout()
        for name, label in LABELS.items():
            error = FieldError()
            error.setObjectName(f"profile_{name}_error")
            self.errors[name] = error
            if name == "area":
                self.area = QComboBox()
                self.area.setObjectName("profile_area")
                self.area.addItem("（未選択）", "")
                for area in AREAS:
                    self.area.addItem(area, area)
                self.area.currentIndexChanged.connect(self._mark_dirty)
                widget: QWidget = self.area
            else:
                edit = QLineEdit()
                edit.setObjectName(f"profile_{name}")
                edit.setPlaceholderText(PLACEHOLDERS.get(name, ""))
                edit.textEdited.connect(self._mark_dirty)
                self.edits[name] = edit
                widget = edit
            form.addRow(label + ("（必須）" if name == "name" else ""), with_error(widget, error))
        self.wareki_hint = QLabel()
        self.edits["established_on"].textChanged.connect(self._update_wareki_hint)
        form.addRow("", self.wareki_hint)

        self.save_button = QPushButton("保存する (Ctrl+S)")
        self.save_button.setObjectName("profile_save")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("変更を取り消す")
        self.revert_button.clicked.connect(self.load)
        self.state_label = QLabel()
        self.state_label.setObjectName("profile_state")
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.state_label, 1)

        self.setMaximumWidth(820)  # a readable line length on wide screens
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>団体情報</h2>"))
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.load()
        ctx.data_changed.connect(self._data_changed)  # a save, its undo and redo
        if ctx.read_only:  # another PC is writing: show the profile, allow no typing
            for edit in self.edits.values():
                edit.setReadOnly(True)
            for widget in (self.area, self.save_button, self.revert_button):
                widget.setEnabled(False)
            self.state_label.setText("読み取り専用で開いています（変更できません）")

    # -- reading and writing the form --------------------------------------------------------
    def load(self) -> None:
        self.show_profile(get_profile(self.ctx.db) or Profile())

    def show_profile(self, profile: Profile) -> None:
        self.shown = profile  # its version tells, on saving, whether someone saved in between
        for name, edit in self.edits.items():
            value = getattr(profile, name)
            edit.setText(value.isoformat().replace("-", "/") if name == "established_on" and value else value or "")
        index = self.area.findData(profile.area)
        self.area.setCurrentIndex(max(index, 0))
        for error in self.errors.values():
            error.show_messages([])
        self._set_dirty(False)

    def _profile_from_form(self) -> Profile:
        values = {name: edit.text() for name, edit in self.edits.items()}
        values["area"] = self.area.currentData()
        text = values.pop("established_on").strip()
        established = None
        if text:
            try:
                established = parse_date(text)
            except ValueError as exc:
                raise ValidationError([Problem("established_on", str(exc))]) from exc
        return Profile(**values, established_on=established)

    def save(self) -> bool:
        if self.ctx.read_only:
            return False
        for error in self.errors.values():
            error.show_messages([])
        try:
            new = validate_profile(self._profile_from_form())
        except ValidationError as exc:
            for name, error in self.errors.items():
                error.show_messages(exc.for_field(name))
            self.state_label.setText("入力に誤りがあります。赤い文字の項目を直してください。")
            return False
        before = get_profile(self.ctx.db)
        new = replace(new, version=self.shown.version)
        error = perform(self.ctx, SaveProfile(self.ctx.db, before, new))  # the page shows what was stored
        if error is not None:
            if isinstance(error, EditConflict):  # what is typed stays; saving again overwrites on purpose
                self.shown = replace(self.shown, version=error.current_version)
            self.state_label.setText(str(error))
            return False
        return True

    def _data_changed(self, changes: Changes) -> None:
        if not changes.touches(PROFILE):
            return
        if changes.remote and self.dirty:  # typed here, not saved: keep it, say what happened
            self.state_label.setText("他のパソコンで団体情報が変更されました（ここでの入力はそのままです）。")
            return
        stored = get_profile(self.ctx.db)
        if stored is not None:
            self.show_profile(stored)
        self.state_label.setText("他のパソコンでの変更を表示しました。" if changes.remote else "保存しました。")

    # -- save state ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty and not self.ctx.read_only  # a read-only window has nothing to save

    def _mark_dirty(self, *_args) -> None:
        self._set_dirty(True)

    unsaved_what = "団体情報"  # how the window names what is unsaved here

    def discard(self) -> None:
        self.load()

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != getattr(self, "_dirty", False)
        self._dirty = dirty
        self.state_label.setText("未保存の変更があります" if dirty else "保存済み")
        if changed:
            self.ctx.unsaved_changed.emit()

    def _update_wareki_hint(self, text: str) -> None:
        try:
            self.wareki_hint.setText(f"→ {format_wareki(parse_date(text))}" if text.strip() else "")
        except ValueError:
            self.wareki_hint.setText("")

