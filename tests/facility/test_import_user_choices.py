"""Hand-kept logs spell one user many ways: a name that looks like a registered user (「囲碁」,
「囲碁の会」 registered) is suggested as that user, look-alike new names (ふれあい / ふれあいの会定例会)
are grouped, and staff choose per name and per group — remembered for the next import."""

from __future__ import annotations

from datetime import date

from app.services.facility.booking_import import commit_booking_import, preview_booking_import
from app.services.facility.bookings import list_bookings
from app.services.facility.users import list_users
from tests.facility.test_booking_import import TODAY, _log

ROWS = [
    ["2025/6/3", "午前", "会議室1", "囲碁", 8, "例会"],
    ["2025/6/4", "午前", "会議室1", "ふれあい", 6, ""],
    ["2025/6/5", "午前", "会議室1", "ふれあいの会定例会", 6, ""],
    ["2025/6/6", "午前", "会議室1", "ブルー　ベル", 4, ""],  # only the width of a space: the same user
]


def _users(db) -> dict[str, tuple[str, ...]]:
    return {u.name: u.aliases for u in list_users(db)}


def _who(db) -> list[tuple[int, str]]:
    return [(b.used_on.day, b.user_name) for b in list_bookings(db, date(2025, 6, 1), date(2025, 6, 30))]


def test_the_preview_suggests_the_registered_user_and_groups_look_alikes(db, rooms, users, tmp_path):
    f = _log(tmp_path / "log.xlsx", ROWS)
    preview = preview_booking_import(db, f, today=TODAY)
    assert preview.suggestions == {"囲碁": "囲碁の会"}
    assert preview.joined == {}  # the command line takes it only with --add-users
    assert preview.unknown_users == {"囲碁": 1, "ふれあい": 1, "ふれあいの会定例会": 1}
    lines = preview.summary_lines()
    assert any("「囲碁」は登録済みの「囲碁の会」と似ています" in line for line in lines)
    assert ("似た名前（一つの利用団体にまとめます。別々にするときは、画面ではその欄を外し、コマンドでは --keep-apart \"ふれあい\"）: "
            "ふれあい / ふれあいの会定例会") in lines

    confirmed = preview_booking_import(db, f, add_users=True, today=TODAY)
    assert confirmed.joined == {"囲碁": "囲碁の会"} and "囲碁" not in confirmed.unknown_users
    assert ("「囲碁」は登録済みの「囲碁の会」として取り込みます（別の書き方として覚えます。別の団体なら、画面ではその欄を外し、"
            "コマンドでは --keep-apart \"囲碁\" を付けます）") in confirmed.summary_lines()
    assert commit_booking_import(db, confirmed, today=TODAY).value == "4件の予約を取り込みました。利用団体を1件登録しました。"
    assert _who(db) == [(3, "囲碁の会"), (4, "ふれあい"), (5, "ふれあい"), (6, "ブルーベル")]
    assert _users(db)["囲碁の会"] == ("囲碁",)  # remembered: the next import knows it
    assert _users(db)["ふれあい"] == ("ふれあいの会定例会",)
    again = preview_booking_import(db, f, today=TODAY)
    assert again.suggestions == {} and again.unknown_users == {} and not again.has_errors


def test_staff_keep_a_suggested_name_and_a_group_apart(db, rooms, users, tmp_path):
    f = _log(tmp_path / "log.xlsx", ROWS)
    preview = preview_booking_import(db, f, add_users=True, today=TODAY, declined=["囲碁"], apart=["ふれあい"])
    assert preview.joined == {} and preview.unknown_users == {"囲碁": 1, "ふれあい": 1, "ふれあいの会定例会": 1}
    assert "似た名前（別々の利用団体にします）: ふれあい / ふれあいの会定例会" in preview.summary_lines()
    assert "「囲碁」は登録済みの「囲碁の会」と似ていますが、別の利用団体として取り込みます" in preview.summary_lines()
    assert commit_booking_import(db, preview, today=TODAY).value == "4件の予約を取り込みました。利用団体を3件登録しました。"
    assert _who(db) == [(3, "囲碁"), (4, "ふれあい"), (5, "ふれあいの会定例会"), (6, "ブルーベル")]
    assert _users(db)["囲碁の会"] == ()


def test_in_the_window_staff_take_the_suggestion_and_keep_a_group_apart(qtbot, open_window, db, db_target, rooms,
                                                                         users, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton, QWidget

    from tests.facility.test_booking_import_window import _guarded, _summary
    from tests.facility.test_facility_window import _open_facility
    from tests.helpers.qt_dialogs import answer_message_box, in_dialog
    from tests.helpers.qt_typing import type_text
    from tests.postgres_support import open_target

    f = _log(tmp_path / "log.xlsx", ROWS)
    db.close()
    window = open_window(db_target)
    _open_facility(qtbot, window)
    seen: dict[str, object] = {}

    def run(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(f))
        qtbot.keyClick(field, Qt.Key.Key_Return)
        same = dialog.findChild(QCheckBox, "import_same_囲碁")
        group = dialog.findChild(QCheckBox, "import_merge_ふれあい")
        seen["boxes"] = (same.text(), same.isChecked(), group.text(), group.isChecked())
        seen["first"] = _summary(dialog)
        qtbot.mouseClick(dialog.findChild(QCheckBox, "import_merge_ふれあい"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "似た名前（別々の利用団体にします）" in _summary(dialog))
        qtbot.mouseClick(dialog.findChild(QCheckBox, "import_add_users"), Qt.MouseButton.LeftButton)
        commit = dialog.findChild(QPushButton, "import_commit")
        qtbot.waitUntil(commit.isEnabled)
        answer_message_box(QMessageBox.StandardButton.Ok, seen.setdefault("told", []))  # type: ignore[arg-type]
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)

    failures: list[BaseException] = []
    in_dialog("import_commit", _guarded(run, failures))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]
    text, ticked, group_text, group_ticked = seen["boxes"]
    assert text == "「囲碁」は登録済みの「囲碁の会」として取り込む（別の書き方として覚えます）" and ticked
    assert group_text == "ふれあい / ふれあいの会定例会 を一つの利用団体にする" and group_ticked
    assert "「囲碁」は登録済みの「囲碁の会」として取り込みます" in seen["first"]
    assert seen["told"] == ["4件の予約を取り込みました。利用団体を2件登録しました。"]
    reopened = open_target(db_target)
    try:
        assert _who(reopened) == [(3, "囲碁の会"), (4, "ふれあい"), (5, "ふれあいの会定例会"), (6, "ブルーベル")]
        assert _users(reopened)["囲碁の会"] == ("囲碁",)
    finally:
        reopened.close()


def test_kyodo_bookings_import_keep_apart_keeps_a_suggestion_and_a_group_apart(db, db_target, rooms, users, tmp_path,
                                                                                capsys):
    from app.cli import main
    from tests.postgres_support import open_target

    f = _log(tmp_path / "log.xlsx", ROWS)
    db.close()
    command = ["bookings", "import", str(f), "--db", str(db_target), "--add-users"]
    # a name that is not among the look-alikes: a usage error, nothing imported
    assert main([*command, "--keep-apart", "囲碁の会"]) == 2
    said = capsys.readouterr().err
    assert "--keep-apart の「囲碁の会」は、このファイルの似た名前にありません（似た名前: ふれあい、ふれあいの会定例会、囲碁）" in said

    assert main([*command, "--keep-apart", "囲碁", "--keep-apart", "ふれあい", "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "「囲碁」は登録済みの「囲碁の会」と似ていますが、別の利用団体として取り込みます" in shown
    assert "似た名前（別々の利用団体にします）: ふれあい / ふれあいの会定例会" in shown

    assert main([*command, "--keep-apart", "囲碁", "--keep-apart", "ふれあい"]) == 0
    assert "4件の予約を取り込みました。利用団体を3件登録しました。" in capsys.readouterr().out
    reopened = open_target(db_target)
    try:
        assert _who(reopened) == [(3, "囲碁"), (4, "ふれあい"), (5, "ふれあいの会定例会"), (6, "ブルーベル")]
        assert _users(reopened)["囲碁の会"] == ()  # not remembered as its spelling
    finally:
        reopened.close()
