"""施設 > 予約の取り込み…: a booking log (one row per use) or a month-calendar workbook, through the one
import dialog (columns table, preview, all or nothing, error workbook) — the window's
`kyodo bookings import`. The 利用団体 the file names that are not registered are listed under the
columns, and created on 取り込む only when the user ticks 「登録する」 (the CLI's --add-users)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.importing import ImportPreview
from app.ui.context import AppContext
from app.ui.import_dialog import PreviewOptions


class UnknownUsers(PreviewOptions):
    """The names neither a 利用団体 nor a 構成団体 of the 名簿, with their rows and look-alike groups."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("import_users_panel")
        self.caption = QLabel()
        self.caption.setObjectName("import_unknown_users")
        self.caption.setWordWrap(True)
        self.add = QCheckBox("登録のない利用団体を新しい利用団体として登録する（似た名前は一つにまとめます）")
        self.add.setObjectName("import_add_users")
        self.add.toggled.connect(lambda _checked: self.changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.add)
        self.hide()

    @property
    def wanted(self) -> bool:
        return self.add.isChecked()

    def show_preview(self, preview: ImportPreview | None) -> None:
        unknown: dict[str, int] = getattr(preview, "unknown_users", {}) if preview is not None else {}
        similar: list[list[str]] = getattr(preview, "similar", []) if preview is not None else []
        self.setVisible(bool(unknown))
        lines = ["登録のない利用団体: " + "、".join(f"{name}（{rows}件）" for name, rows in unknown.items())]
        lines += [f"似た名前（一つの利用団体にまとめます）: {' / '.join(group)}" for group in similar]
        self.caption.setText("\n".join(lines) if unknown else "")

    def reset(self) -> None:
        self.add.blockSignals(True)  # another file: unticked again, without a preview of the old one
        self.add.setChecked(False)
        self.add.blockSignals(False)


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
        return preview_booking_import(db, file, sheet_name=sheet, columns=mapping, add_users=users.wanted)

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
