"""The 休館日 dialog with another PC at work: adding a day that PC closed since the list was read is
refused under the list with who changed which day and when, the list then shows their reason, the
reason typed stays, and the same button again saves on purpose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QPushButton, QTabWidget

from app.services.facility.calendar import list_closed_days, set_closed
from app.services.fiscal_years import selected_fiscal_year
from app.storage.database import open_database
from tests.facility.test_facility_window import _open_facility
from tests.helpers.qt_dialogs import when_modal
from tests.helpers.qt_typing import replace_text


def test_adding_a_day_another_pc_closed_is_refused_and_the_reason_typed_stays(qtbot, open_window, db_path):
    window = open_window(db_path)
    _open_facility(qtbot, window)
    window.findChild(QTabWidget, "facility_tabs").setCurrentIndex(3)
    year = window.ctx.fiscal_year
    day = year.start  # the day the dialog offers first
    seen: dict[str, object] = {}

    def act(dialog: QDialog) -> None:
        try:
            reason = dialog.findChild(QLineEdit, "closed_days_reason")
            replace_text(qtbot, reason, "館内清掃")
            other_pc = open_database(db_path)
            set_closed(other_pc, {day: "設備点検"}, shown=list_closed_days(other_pc, year))
            other_pc.close()
            add = dialog.findChild(QPushButton, "closed_days_add")
            qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
            seen["message"] = dialog.findChild(QLabel, "closed_days_error").text()
            seen["reason"] = reason.text()
            days = dialog.findChild(QListWidget, "closed_days_list")
            seen["list"] = [days.item(i).text() for i in range(days.count())]
            qtbot.mouseClick(add, Qt.MouseButton.LeftButton)  # having read it: on purpose
            seen["after"] = [days.item(i).text() for i in range(days.count())]
            seen["cleared"] = dialog.findChild(QLabel, "closed_days_error").text()
        finally:
            dialog.reject()

    when_modal(act)
    qtbot.mouseClick(window.findChild(QPushButton, "facility_closed_days"), Qt.MouseButton.LeftButton)

    label = f"{day.year}/{day.month}/{day.day}"
    message = str(seen["message"])
    assert "この休館日は、開いた後に" in message and f"・{label}" in message and "開館日 → 設備点検" in message
    assert seen["reason"] == "館内清掃"  # nothing typed is lost
    assert len(seen["list"]) == 1 and "設備点検" in seen["list"][0]  # their version, in the list
    assert len(seen["after"]) == 1 and "館内清掃" in seen["after"][0] and seen["cleared"] == ""
    db = open_database(db_path)
    try:
        assert list_closed_days(db, selected_fiscal_year(db)) == {day: "館内清掃"}
    finally:
        db.close()
