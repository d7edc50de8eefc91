"""団体情報 typed on one PC while another PC saves it: saving tells who changed what, keeps the typing,
and a second save overwrites on purpose."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from app.services.profile import Profile, get_profile, save_profile
from app.storage.database import open_database
from tests.helpers.qt_typing import replace_text


def test_saving_over_another_pcs_save_is_refused_and_the_typing_stays(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    save_profile(db, Profile(name="萩荘地域協働体", chair_name="山田一郎"))
    db.close()
    window = open_window(db_path)
    page = window.findChild(QWidget, "profile_page")
    phone = page.findChild(QLineEdit, "profile_phone")
    replace_text(qtbot, phone, "0191-21-0000")

    other_pc = open_database(db_path)
    save_profile(other_pc, replace(get_profile(other_pc), chair_name="佐藤花子"))

    save = page.findChild(QPushButton, "profile_save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    state = page.findChild(QLabel, "profile_state").text()
    assert "団体情報の記録は、開いた後に" in state and "会長名: 山田一郎 → 佐藤花子" in state
    assert phone.text() == "0191-21-0000"
    assert get_profile(other_pc).phone == ""
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # having read it: overwrite on purpose
    assert get_profile(other_pc).phone == "0191-21-0000"
    other_pc.close()
