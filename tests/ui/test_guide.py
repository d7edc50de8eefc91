"""ヘルプ → はじめに opens a Japanese guide; an empty list links to the step it needs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QTextBrowser


def _guide(qtbot) -> QDialog:
    found: list[QDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if w.objectName() == "guide_dialog" and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def _top_line(browser: QTextBrowser) -> str:
    return browser.cursorForPosition(QPoint(8, 8)).block().text()


def test_help_menu_opens_the_guide(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # ヘルプ(&H)
    menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
    assert any(a.text().startswith("はじめに") for a in menu.actions())
    qtbot.keyClick(menu, Qt.Key.Key_G)  # はじめに…(&G)

    dialog = _guide(qtbot)
    text = dialog.findChild(QTextBrowser, "guide_text").toPlainText()
    for heading in ("はじめての起動", "これまでの Excel を取り込む", "一年の流れ", "バックアップ"):
        assert heading in text
    assert "「Excelから取り込む…」" in text and "ファイル → バックアップから復元…" in text
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    dialog.close()


def test_empty_list_links_to_the_import_step(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 名簿
    hint = window.findChild(QLabel, "organisations_table_empty_hint")
    assert hint.isVisible() and "はじめに: これまでの Excel を取り込む" in hint.text()

    # The link is the hint's last line, centred: click it as a person would.
    text_height = hint.heightForWidth(hint.width())
    last_line = (hint.height() + text_height) // 2 - hint.fontMetrics().lineSpacing() // 2
    qtbot.mouseClick(hint, Qt.MouseButton.LeftButton, pos=QPoint(hint.width() // 2, last_line))

    dialog = _guide(qtbot)
    browser = dialog.findChild(QTextBrowser, "guide_text")
    qtbot.waitUntil(lambda: _top_line(browser).startswith("2. これまでの Excel"))
    dialog.close()
