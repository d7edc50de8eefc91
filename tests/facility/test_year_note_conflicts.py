"""Two PCs write the 指定管理業務報告書's 施設の維持管理 and 利用者の声: saving over another PC's save
since the form was filled is refused naming who changed which and when (and to what); nothing is
stored, and saving again against what is stored now overwrites on purpose."""

from __future__ import annotations

import getpass
import socket

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.facility.report_data import get_year_note, save_year_note
from app.services.records import EditConflict

FY = FiscalYear(2025)
WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def test_a_note_saved_over_another_pcs_is_refused_then_overwrites(db) -> None:
    shown = get_year_note(db, FY)  # the form opens: nothing written yet
    save_year_note(db, FY, "6月 空調点検\n9月 屋根修繕", "", expected=shown)  # another PC saves first
    with pytest.raises(EditConflict) as refused:
        save_year_note(db, FY, "", "和室の畳を替えてほしい", expected=shown)
    message = str(refused.value)
    assert "この令和7年度の指定管理業務報告の記述は、開いた後に" in message and WHO in message
    assert "・施設の維持管理: （空欄） → 6月 空調点検／9月 屋根修繕" in message and "利用者の声:" not in message
    assert get_year_note(db, FY) == ("6月 空調点検\n9月 屋根修繕", "")
    save_year_note(db, FY, "", "和室の畳を替えてほしい", expected=refused.value.current)  # on purpose
    assert get_year_note(db, FY) == ("", "和室の畳を替えてほしい")


def test_the_same_text_saved_on_both_pcs_is_no_conflict(db) -> None:
    shown = get_year_note(db, FY)
    save_year_note(db, FY, "6月 空調点検", "", expected=shown)
    save_year_note(db, FY, "6月 空調点検", "", expected=shown)
    assert get_year_note(db, FY) == ("6月 空調点検", "")
