"""表示 menu: the text size changes at once, is kept for the next start, and Ctrl+1… open sections."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableView

from app.cli import main as kyodo
from app.services.settings import FONT_SCALE_PERCENT, read_setting
from app.ui.fonts import BASE_POINT_SIZE, apply_app_font


@pytest.fixture
def standard_font(qapp):
    """Every test starts and ends at the standard size (the font belongs to the whole application)."""
    apply_app_font(qapp, qapp.font().family(), 100)
    yield
    apply_app_font(qapp, qapp.font().family(), 100)


def _ctrl(qtbot, window, key: Qt.Key) -> None:
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def _size() -> float:
    return QApplication.font().pointSizeF()


def test_ctrl_plus_enlarges_the_text_now_and_next_time(qtbot, open_window, db_path, standard_font) -> None:
    window = open_window(db_path)
    label = window.findChild(QLabel, "profile_state")
    before = label.fontInfo().pixelSize()

    _ctrl(qtbot, window, Qt.Key.Key_Plus)
    _ctrl(qtbot, window, Qt.Key.Key_Plus)

    assert _size() == pytest.approx(BASE_POINT_SIZE * 1.25)
    assert label.fontInfo().pixelSize() > before  # the labels on screen follow at once
    assert read_setting(window.ctx.db, FONT_SCALE_PERCENT) == 125
    assert "125%" in window.statusBar().currentMessage()
    window.close()

    reopened = open_window(db_path)  # the size is what the menu shows next time
    _ctrl(qtbot, reopened, Qt.Key.Key_Minus)
    assert read_setting(reopened.ctx.db, FONT_SCALE_PERCENT) == 110


def test_smaller_and_back_to_standard(qtbot, open_window, db_path, standard_font) -> None:
    window = open_window(db_path)
    _ctrl(qtbot, window, Qt.Key.Key_Minus)
    assert _size() == pytest.approx(BASE_POINT_SIZE * 0.9)
    _ctrl(qtbot, window, Qt.Key.Key_0)
    assert _size() == pytest.approx(BASE_POINT_SIZE)
    assert read_setting(window.ctx.db, FONT_SCALE_PERCENT) == 100


def test_larger_text_gives_taller_rows_and_wider_columns(qtbot, open_window, tmp_path, standard_font) -> None:
    path = tmp_path / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    window = open_window(path)
    _ctrl(qtbot, window, Qt.Key.Key_2)  # 名簿
    table = window.findChild(QTableView, "organisations_table")
    qtbot.waitUntil(table.isVisible)
    model = table.model()
    joined = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "加入日")
    row, date_width = table.rowHeight(0), table.columnWidth(joined)

    for _ in range(4):  # 110, 125, 150, 175
        _ctrl(qtbot, window, Qt.Key.Key_Plus)

    assert table.rowHeight(0) > row
    # Dates grow with the text and are never cut (long text columns give way when the table is too
    # narrow; tests/ui/test_layout_check.py checks that every table fits a 1366×768 screen).
    assert table.columnWidth(joined) > date_width
    assert table.columnWidth(joined) >= table.fontMetrics().horizontalAdvance("2026/12/31")


def test_ctrl_number_opens_the_section(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    _ctrl(qtbot, window, Qt.Key.Key_3)
    assert window.nav.currentItem().text() == "管理費"
    assert window.stack.currentWidget().objectName() == "accounts_page"
