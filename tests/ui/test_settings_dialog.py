"""編集 → 「設定…」: the office's preferences changed in the window — what a user then notices in an
import and on a printed form — checked by the setting itself, saved as one step that 元に戻す undoes."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox

from app.domain.fiscal_year import FiscalYear
from app.services.members.importer import commit_member_import, preview_member_import
from app.services.members.organisations import list_organisations
from app.services.reports import export_report
from app.services.settings import AREA_CODE, DATE_STYLE, EQUIPMENT_MINIMUM, read_setting
from tests.helpers.qt_dialogs import when_modal
from tests.helpers.qt_typing import replace_text
from tests.members.conftest import write_sheet

TODAY = date(2025, 6, 1)


def _open_settings(window, act) -> None:
    """The menu item, as a user picks it; `act(dialog)` runs while the dialog is open."""
    action = window.findChild(QAction, "action_settings")
    assert action.text() == "設定(&S)…" and action in window._menus["edit"].actions()
    when_modal(act)
    action.trigger()


def _import_phone(db, tmp_path):
    sheet = write_sheet(tmp_path / "roster.xlsx", [["団体名", "種別", "加入日", "電話番号"],
                                                    ["上野原自治会", "自治会", "2025/4/1", "21-2111"]])
    preview = preview_member_import(db, sheet)
    assert not preview.has_errors, preview.summary_lines()
    commit_member_import(db, preview)
    return {o.name: o for o in list_organisations(db)}["上野原自治会"]


def test_area_code_and_date_style_changed_in_the_dialog(qtbot, open_window, db_path, tmp_path) -> None:
    window = open_window(db_path, TODAY)
    seen: list[str] = []

    def change(dialog) -> None:
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        replace_text(qtbot, dialog.findChild(QLineEdit, "setting_area_code"), "0192")
        style = dialog.findChild(QComboBox, "setting_date_style")
        assert [style.itemText(i) for i in range(style.count())] == ["和暦（令和7年4月1日）", "西暦（2025/4/1）"]
        style.setCurrentIndex(style.findText("西暦（2025/4/1）"))
        assert dialog.findChild(QSpinBox, "setting_assets_equipment_minimum").value() == 0
        dialog.findChild(QPushButton, "settings_save").click()

    _open_settings(window, change)
    assert "市外局番:" in seen and AREA_CODE.doc in seen  # each setting's label and what it does
    assert "財産目録に載せる備品の金額:" in seen
    db = window.ctx.db
    assert read_setting(db, AREA_CODE) == "0192" and read_setting(db, DATE_STYLE) == "slash"

    # what the user notices: a phone number without its 市外局番 gets 0192, and forms print 2025/4/1
    assert _import_phone(db, tmp_path).phone == "0192-21-2111"
    from pypdf import PdfReader

    pdf = export_report(db, "members", FiscalYear(2025), "pdf", tmp_path / "members.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2025/4/1" in text and "令和7年4月1日" not in text

    # one step on the 編集 menu's 元に戻す (the import after it is its own step outside the window)
    stack = window.ctx.undo_stack
    assert stack.text(stack.index() - 1) == "設定の変更（市外局番、印刷する日付の書き方）"
    stack.undo()
    assert read_setting(db, AREA_CODE) == "0191" and read_setting(db, DATE_STYLE) == "wareki"


def test_a_value_not_allowed_is_named_beside_its_field_and_nothing_is_saved(qtbot, open_window, db_path) -> None:
    window = open_window(db_path, TODAY)
    shown: dict[str, object] = {}

    def type_bad(dialog) -> None:
        replace_text(qtbot, dialog.findChild(QLineEdit, "setting_area_code"), "abc")
        style = dialog.findChild(QComboBox, "setting_date_style")
        style.setCurrentIndex(style.findData("slash"))
        dialog.findChild(QSpinBox, "setting_assets_equipment_minimum").setValue(100_000)
        dialog.findChild(QPushButton, "settings_save").click()
        error = dialog.findChild(QLabel, "error_area_code")
        shown.update(visible=error.isVisible(), text=error.text(), open=dialog.isVisible(),
                     other=dialog.findChild(QLabel, "error_date_style").isVisible())
        dialog.reject()

    _open_settings(window, type_bad)
    assert shown == {"visible": True, "text": "0で始まる2〜5けたの数字にしてください（例: 0191）",
                     "open": True, "other": False}
    db = window.ctx.db
    assert read_setting(db, AREA_CODE) == "0191" and read_setting(db, DATE_STYLE) == "wareki"
    assert read_setting(db, EQUIPMENT_MINIMUM) == 0
    assert window.ctx.undo_stack.count() == 0


def test_read_only_window_shows_the_settings_but_cannot_save(qtbot, open_window, db_path) -> None:
    window = open_window(db_path, TODAY)
    window.ctx.read_only = True
    state: dict[str, bool] = {}

    def look(dialog) -> None:
        state["save"] = dialog.findChild(QPushButton, "settings_save").isEnabled()
        dialog.reject()

    _open_settings(window, look)
    assert state == {"save": False}


def test_a_setting_saved_elsewhere_meanwhile_is_not_overwritten_unseen(qtbot, open_window, db_path) -> None:
    from app.services.settings import write_setting

    window = open_window(db_path, TODAY)
    db = window.ctx.db
    said: list[str] = []

    def save_twice(dialog) -> None:
        write_setting(db, AREA_CODE, "0197")  # another PC, after the dialog showed 0191
        replace_text(qtbot, dialog.findChild(QLineEdit, "setting_area_code"), "0192")
        dialog.findChild(QPushButton, "settings_save").click()
        said.append(dialog.findChild(QLabel, "settings_error").text())
        said.append(read_setting(db, AREA_CODE))
        dialog.findChild(QPushButton, "settings_save").click()  # seen: saving again overwrites

    _open_settings(window, save_twice)
    assert "市外局番: 0191 → 0197" in said[0] and said[1] == "0197"
    assert read_setting(db, AREA_CODE) == "0192"


def _texts_people_see(dialog) -> list[str]:
    """Every text the dialog shows: labels, tooltips, the choices of its lists, what stands in its fields."""
    from PySide6.QtWidgets import QWidget

    texts = [w.text() for w in dialog.findChildren(QLabel)] + [dialog.windowTitle()]
    texts += [w.toolTip() for w in dialog.findChildren(QWidget) if w.toolTip()]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for edit in dialog.findChildren(QLineEdit):
        texts += [edit.text(), edit.placeholderText()]
    texts += [spin.text() for spin in dialog.findChildren(QSpinBox)]
    texts += [button.text() for button in dialog.findChildren(QPushButton)]
    return [t for t in texts if t]


def test_the_dialog_shows_japanese_labels_never_the_stored_codes(qtbot, open_window, db_path) -> None:
    from app.services.settings import OFFICE_SETTINGS, ChoiceSetting

    window = open_window(db_path, TODAY)
    seen: dict[str, object] = {}

    def look(dialog) -> None:
        seen["texts"] = _texts_people_see(dialog)
        seen["help"] = dialog.findChild(QLabel, "help_date_style").text()
        dialog.reject()

    _open_settings(window, look)
    assert seen["help"] == "書類に印刷する日付を和暦（令和7年4月1日）か西暦（2025/4/1）で書きます（すべての書類で同じ書き方）。"
    codes = [s.name for s in OFFICE_SETTINGS]
    codes += [c for s in OFFICE_SETTINGS if isinstance(s, ChoiceSetting) for c in s.choices]
    assert "wareki" in codes and "slash" in codes and "area_code" in codes
    shown = "\n".join(seen["texts"])  # type: ignore[arg-type]
    assert "印刷する日付の書き方:" in shown and "和暦（令和7年4月1日）" in shown
    assert [code for code in codes if code in shown] == []
