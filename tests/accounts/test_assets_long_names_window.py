"""管理費 > 口座・財産目録 on a 1366×768 screen at 150% text: a long 口座名 and 金融機関 are read whole
(each column as wide as its contents; when they cannot all be, the names wrap onto more lines instead
of ending in 「普通預…」), the amounts are never cut and nothing needs a sideways scroll."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QTableView, QToolTip

from app.cli import main as kyodo
from app.ui.fonts import apply_app_font
from tests.accounts.test_accounts_window import _open_accounts, _show_tab

LONG_NAME = "普通預金_ゆうちょ銀行一関支店_地域協働体運営費"
LONG_BANK = "ゆうちょ銀行 一関支店 普通 1234567"


def _unread(view: QTableView, column: int) -> list[str]:
    """The cells of `column` not shown whole: wrapped at the column's width, their lines need more height
    than the row has (or a line more width than the column)."""
    model = view.model()
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    metrics = view.fontMetrics()
    cut = []
    for row in range(model.rowCount()):
        index = model.index(row, column)
        text = str(index.data() or "")
        width = view.columnWidth(column) - margin
        needed = metrics.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
        if text and (needed.height() > view.rowHeight(row) or needed.width() > width):
            cut.append(text)
    return cut


def _maximise_on_1366x768(window) -> None:
    """As large as the window may be on the office PC's screen, its frame, the title and the taskbar
    included (as the layout check does)."""
    frame = window.frameGeometry().size() - window.size()
    window.resize(1366 - frame.width(), 768 - 80 - frame.height())


@pytest.fixture
def standard_font(qapp):
    """The test starts and ends at the standard size (the font belongs to the whole application)."""
    apply_app_font(qapp, qapp.font().family(), 100)
    yield
    apply_app_font(qapp, qapp.font().family(), 100)


def test_a_long_account_and_bank_name_are_read_whole_at_150_percent_on_1366x768(qtbot, open_window, db, db_path,
                                                                                  standard_font):
    db.close()
    assert kyodo(["account", "add", "--db", str(db_path), "--name", LONG_NAME, "--kind", "bank",
                  "--bank", LONG_BANK]) == 0
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "口座・財産目録")
    view = page.findChild(QTableView, "assets_table")
    model = view.model()
    qtbot.waitUntil(lambda: view.isVisible() and model.rowCount() >= 2)
    standard = view.fontMetrics().height()
    window.change_font_scale(150)
    _maximise_on_1366x768(window)
    qtbot.waitUntil(lambda: view.fontMetrics().height() > 1.3 * standard)  # the larger text has reached the table
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == LONG_NAME)
    assert model.index(row, 2).data().startswith("ゆうちょ銀行 一関支店")
    qtbot.waitUntil(lambda: not _unread(view, 0) and not _unread(view, 2), timeout=3000)
    assert view.rowHeight(row) >= 2 * view.fontMetrics().lineSpacing()  # (they do not fit on one line: wrapped)

    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width() + 2  # no column behind a sideways scroll
    assert view.columnWidth(3) + 2 >= view.sizeHintForColumn(3)  # 年度末残高 whole
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == LONG_NAME  # and the whole name on hover

    # the window made larger again: the columns grow back to one line each
    window.change_font_scale(100)
    qtbot.waitUntil(lambda: view.fontMetrics().height() == standard)
    qtbot.waitUntil(lambda: view.rowHeight(row) < 2 * view.fontMetrics().lineSpacing(), timeout=3000)
    assert view.columnWidth(0) + 2 >= view.sizeHintForColumn(0) and view.columnWidth(2) + 2 >= view.sizeHintForColumn(2)


def test_a_long_account_name_does_not_squeeze_the_ledger_fields(qtbot, open_window, db, db_path, standard_font):
    """The 口座 lists of the 現金出納簿 (the entry's 口座, the book shown) ask for a few characters' width,
    not the longest name's: 日付 and 絞り込み beside them stay whole; the whole name is in the open list
    and the tooltip."""
    from PySide6.QtWidgets import QComboBox

    from app.ui.layout_check import check_tree

    db.close()
    assert kyodo(["account", "add", "--db", str(db_path), "--name", LONG_NAME, "--kind", "bank"]) == 0
    window, page = _open_accounts(qtbot, open_window, db_path)
    window.change_font_scale(150)
    _maximise_on_1366x768(window)
    _show_tab(qtbot, page, "現金出納簿")
    ledger = page.findChild(QComboBox, "ledger_account")
    qtbot.waitUntil(lambda: ledger.isVisible() and ledger.findText(LONG_NAME) >= 0)
    qtbot.wait(50)  # (the columns and fields fitted to the new size)
    assert [str(f) for f in check_tree(page, "管理費 > 現金出納簿", QRect(0, 0, 1366, 768))] == []
    for name in ("ledger_account", "entry_account"):  # the whole name where the list cuts it: on hover
        combo = page.findChild(QComboBox, name)
        combo.setCurrentIndex(combo.findText(LONG_NAME))
        QToolTip.hideText()
        qtbot.mouseMove(combo, combo.rect().center())
        qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == LONG_NAME)
