"""Two PCs prepare the 総会資料 at once: saving the 議案の順と題 or the 規約 over another PC's save since
the form was filled is refused naming who changed it and when (and to what); nothing is stored, and
saving again against the value stored now overwrites on purpose. Undo and redo are refused when
someone else saved in between, rather than putting old values back over theirs."""

from __future__ import annotations

import getpass
import socket

import pytest

from app.services.projects import operations as ops
from app.services.records import EditConflict
from app.services.settings import BYLAWS, PACK_PARTS, read_setting, write_setting

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC
BYLAWS_TEXT = "第1条 この会は、ひばり野地域協働体という。\n第2条 この会は、地域の課題を話し合う。"


def test_the_bylaws_saved_over_another_pcs_are_refused_then_overwrite(db) -> None:
    shown = read_setting(db, BYLAWS)  # the form opens: no 規約 yet
    write_setting(db, BYLAWS, BYLAWS_TEXT, expected=shown)  # another PC saves first
    with pytest.raises(EditConflict) as refused:
        write_setting(db, BYLAWS, "第1条 この会は、ひばり野の会という。", expected=shown)
    message = str(refused.value)
    assert "この設定「規約」は、開いた後に" in message and WHO in message
    assert "・規約: （空欄） → 第1条 この会は、ひばり野地域協働体という。／第2条" in message  # theirs, shortened
    assert read_setting(db, BYLAWS) == BYLAWS_TEXT
    write_setting(db, BYLAWS, "第1条 この会は、ひばり野の会という。", expected=refused.value.current)
    assert read_setting(db, BYLAWS) == "第1条 この会は、ひばり野の会という。"


def test_the_same_value_saved_on_both_pcs_is_no_conflict(db) -> None:
    shown = read_setting(db, PACK_PARTS)
    order = ("予算", "事業計画", "事業報告")
    write_setting(db, PACK_PARTS, order, expected=shown)
    write_setting(db, PACK_PARTS, order, expected=shown)
    assert read_setting(db, PACK_PARTS) == order


def test_undoing_the_parts_over_another_pcs_later_save_is_refused(db) -> None:
    shown = read_setting(db, PACK_PARTS)
    order = ("事業計画=令和8年度事業計画（案）の承認について", "予算", "事業報告")
    step = ops.set_pack_setting(db, PACK_PARTS, shown, order, shown)
    step.apply()
    step.revert()
    assert read_setting(db, PACK_PARTS) == shown
    step.apply()  # やり直す over its own undo
    assert read_setting(db, PACK_PARTS) == order
    write_setting(db, PACK_PARTS, ("予算", "事業報告"), expected=order)  # another PC, after it
    with pytest.raises(EditConflict) as refused:
        step.revert()
    assert WHO in str(refused.value) and "→ 予算／事業報告" in str(refused.value)
    assert read_setting(db, PACK_PARTS) == ("予算", "事業報告")
