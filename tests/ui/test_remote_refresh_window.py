"""Other PCs see changes: a window shows, within a few seconds and without a click, what another PC
committed (PostgreSQL: LISTEN/NOTIFY between two writers; a file: the PC that holds it writes, the
other window reads the file read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QWidget

from app.services.fiscal_years import selected_fiscal_year
from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, save_organisation
from app.services.office import Office
from tests.members.test_members_window import _names
from tests.services.test_remote_changes import target  # noqa: F401 - the fixture: a file or a server database


def test_another_pcs_commit_appears_in_the_list_this_window_shows(qtbot, target) -> None:  # noqa: F811
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    pc_a = Office.open(target)
    pc_b = Office.open(target)  # a file: read-only, since PC A holds it; a server: a second writer
    window = MainWindow(AppContext(pc_b, selected_fiscal_year(pc_b.db)))
    qtbot.addWidget(window)
    window.show()
    try:
        nav = window.nav
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
        table = window.findChild(QWidget, "members_page").findChild(QTableView, "organisations_table")
        assert _names(table) == []
        kind = list_member_kinds(pc_a.db)[0].id
        save_organisation(pc_a.db, Organisation(kind_id=kind, name="青葉自治会", furigana="あおばじちかい"))
        qtbot.waitUntil(lambda: _names(table) == ["青葉自治会"], timeout=10_000)  # the window's 2-second poll
    finally:
        window.close()
        pc_b.close()
        pc_a.close()
