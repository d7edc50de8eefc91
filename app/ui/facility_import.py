"""施設 > 予約の取り込み…: a booking log (one row per use) or a month-calendar workbook, through the one
import dialog (columns table, preview, all or nothing, error workbook) — the window's
`kyodo bookings import`. The 利用団体 the file names that are not registered are listed under the
columns, and created on 取り込む only when the user ticks 「登録する」 (the CLI's --add-users)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.importing import ImportPreview
from app.ui.context import AppContext
from app.ui.import_dialog import PreviewOptions


class UnknownUsers(PreviewOptions):
    """The 利用団体 the file names that are not registered: a name that looks like a registered user
    (囲碁 / 囲碁の会) with a box to take it as that user, each group of look-alike new names with a box
    to make them one user, and 「登録する」 for the rest (the CLI's --add-users)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("import_users_panel")
        self.caption = QLabel()
        self.caption.setObjectName("import_unknown_users")
        self.caption.setWordWrap(True)
        self.choices = QVBoxLayout()
        self.boxes: list[QCheckBox] = []
        self.add = QCheckBox("登録のない利用団体を新しい利用団体として登録する")
        self.add.setObjectName("import_add_users")
        self.add.toggled.connect(lambda _checked: self.changed.emit())
        self.declined: set[str] = set()  # suggestions staff said are another user
        self.apart: set[str] = set()  # look-alike names staff keep as separate users
        self.choices_shown: tuple[object, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(self.choices)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as its text: a click beside it misses
        self.hide()

    @property
    def wanted(self) -> bool:
        return self.add.isChecked()

    def show_preview(self, preview: ImportPreview | None) -> None:
        unknown: dict[str, int] = getattr(preview, "unknown_users", {}) if preview is not None else {}
        similar: list[list[str]] = getattr(preview, "similar", []) if preview is not None else []
        suggestions: dict[str, str] = getattr(preview, "suggestions", {}) if preview is not None else {}
        self.setVisible(bool(unknown or suggestions))
        self.caption.setText(
            "登録のない利用団体: " + "、".join(f"{name}（{rows}件）" for name, rows in unknown.items()) if unknown else "")
        choices = (tuple(suggestions.items()), tuple(map(tuple, similar)))
        if choices == self.choices_shown:
            return  # the same names: the boxes stay where they are (and as ticked)
        self.choices_shown = choices
        for box in self.boxes:
            self.choices.removeWidget(box)
            box.deleteLater()
        self.boxes = []
        for name, registered in suggestions.items():
            self._box(f"「{name}」は登録済みの「{registered}」として取り込む（別の書き方として覚えます）",
                      f"import_same_{name}", name not in self.declined, self.declined, [name])
        for group in similar:
            self._box(f"{' / '.join(group)} を一つの利用団体にする", f"import_merge_{group[0]}",
                      not self.apart.intersection(group), self.apart, group)

    def _box(self, text: str, name: str, checked: bool, unticked: set[str], names: list[str]) -> None:
        """A choice ticked by default; unticking puts `names` in `unticked` and previews again."""
        box = QCheckBox(text)
        box.setObjectName(name)
        box.setChecked(checked)

        def toggled(on: bool) -> None:
            if on:
                unticked.difference_update(names)
            else:
                unticked.update(names)
            self.changed.emit()

        box.toggled.connect(toggled)
        self.boxes.append(box)
        self.choices.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)

    def reset(self) -> None:
        self.add.blockSignals(True)  # another file: unticked again, without a preview of the old one
        self.add.setChecked(False)
        self.add.blockSignals(False)
        self.declined.clear()
        self.apart.clear()
        self.choices_shown = ()


def import_bookings(ctx: AppContext, parent: QWidget | None, path: Path | None = None) -> None:
    """The import dialog; after 取り込む the screens are told what changed. Not undoable step by step:
    the undo stack is cleared, as after the other imports."""
    from app.importing.columns import field_choices
    from app.services.facility.booking_import import (
        LOG_FIELDS,
        MAPPING_KIND,
        PREVIEW_COLUMNS,
        commit_booking_import,
        preview_booking_import,
    )
    from app.services.import_mappings import remember_mapping
    from app.ui.import_dialog import ImportDialog

    db, users = ctx.db, UnknownUsers()

    def preview(file: Path, sheet: str | None, _progress: object,
                mapping: dict[str, str | None] | None = None) -> ImportPreview:
        return preview_booking_import(db, file, sheet_name=sheet, columns=mapping, add_users=users.wanted,
                                      accept_suggestions=True, declined=users.declined, apart=users.apart)

    dialog = ImportDialog(
        parent, "予約の取り込み（利用簿・月ごとの予定表）", preview, lambda p: commit_booking_import(db, p),
        PREVIEW_COLUMNS, path, field_choices=field_choices(LOG_FIELDS), mapped_preview_fn=preview,
        remember_fn=lambda signature, mapping: remember_mapping(db, MAPPING_KIND, signature, mapping),
        options=users,
    )  # fmt: skip
    dialog.exec()
    if dialog.committed_message:
        ctx.undo_stack.clear()  # earlier undo steps could now undo over imported bookings
        ctx.data_changed.emit(dialog.committed_changes)
