"""The 規約 form with another PC at work: 保存する over their save since the form opened is refused in
the form with who changed it and when, the text typed stays, and 保存する again overwrites."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton

from app.services.settings import BYLAWS, read_setting, write_setting
from app.storage.database import open_database
from tests.helpers.qt_dialogs import when_modal
from tests.plans.test_pack_settings_window import _type_lines
from tests.projects.test_ui import _open_section


def test_the_bylaws_form_refuses_saving_over_another_pcs_and_keeps_the_text(qtbot, open_window, db_path) -> None:
    window = open_window(db_path, date(2026, 4, 10))
    _open_section(qtbot, window, "事業・会議")
    typed = ["第1条 この会は、ひばり野の会という。", "第2条 この会は、地域の課題を話し合う。"]
    seen: dict[str, object] = {}

    def act(dialog: QDialog) -> None:
        try:
            text = dialog.findChild(QPlainTextEdit, "field_text")
            _type_lines(qtbot, text, typed)
            other_pc = open_database(db_path)
            write_setting(other_pc, BYLAWS, "第1条 この会は、ひばり野地域協働体という。", expected="")
            other_pc.close()
            save = dialog.findChild(QPushButton, "entry_save")
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
            seen["message"] = "\n".join(w.text() for w in dialog.findChildren(QLabel) if "開いた後に" in w.text())
            seen["kept"] = text.toPlainText()
            seen["open"] = dialog.isVisible()
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read it: overwrite on purpose
            seen["closed"] = not dialog.isVisible()
        finally:
            if dialog.isVisible():
                dialog.reject()

    when_modal(act)
    qtbot.mouseClick(window.findChild(QPushButton, "pack_bylaws"), Qt.MouseButton.LeftButton)
    message = str(seen["message"])
    assert "この設定「規約」は、開いた後に" in message and "（空欄） → 第1条 この会は、ひばり野地域協働体という。" in message
    assert seen["open"] and seen["kept"] == "\n".join(typed) and seen["closed"]
    assert read_setting(window.ctx.db, BYLAWS) == "\n".join(typed)
