"""`kyodo settings list|set`: the office's preferences from the command line."""

from __future__ import annotations

import pytest

from app.cli import main
from app.services.settings import AREA_CODE, DATE_STYLE, OFFICE_SETTINGS, PRINT_STAMP_BOXES, read_setting


def test_list_shows_name_label_value_and_default(db, db_target, capsys) -> None:
    assert main(["settings", "set", "area_code", "0192", "--db", str(db_target)]) == 0
    capsys.readouterr()
    assert main(["settings", "list", "--db", str(db_target)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "名前\t設定\t値\t既定値"
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert rows["area_code"] == ["area_code", "市外局番", "0192", "0191"]
    assert rows["date_style"][1:] == ["印刷する日付の書き方", "和暦（令和7年4月1日）", "和暦（令和7年4月1日）"]
    assert rows["print_stamp_boxes"][2] == "（空欄）"
    assert "assets_equipment_minimum" in rows and "backup_keep_count" in rows
    assert "bylaws" not in rows and "font_scale_percent" not in rows  # they have their own place
    # values are shown by their Japanese labels, never the codes stored for them
    assert main(["settings", "set", "date_style", "slash", "--db", str(db_target)]) == 0
    capsys.readouterr()
    assert main(["settings", "list", "--db", str(db_target)]) == 0
    listed = capsys.readouterr().out
    assert "date_style\t印刷する日付の書き方\t西暦（2025/4/1）\t和暦（令和7年4月1日）" in listed
    assert "wareki" not in listed and "slash" not in listed


@pytest.mark.parametrize("name, value, setting, stored, said", [
    ("area_code", "0192", AREA_CODE, "0192", "市外局番を0192にしました"),
    ("市外局番", "0197", AREA_CODE, "0197", "市外局番を0197にしました"),
    ("date_style", "西暦", DATE_STYLE, "slash", "印刷する日付の書き方を西暦（2025/4/1）にしました"),
    ("date_style", "slash", DATE_STYLE, "slash", "印刷する日付の書き方を西暦（2025/4/1）にしました"),
])
def test_set_stores_and_says_so(db, db_target, capsys, name, value, setting, stored, said) -> None:
    assert main(["settings", "set", name, value, "--db", str(db_target)]) == 0
    assert said in capsys.readouterr().out
    assert read_setting(db, setting) == stored


def test_a_list_setting_is_typed_with_commas_and_emptied_with_nothing(db, db_target, capsys) -> None:
    assert main(["settings", "set", "印欄", "会長、会計,監事", "--db", str(db_target)]) == 0
    assert "印欄を会長,会計,監事にしました" in capsys.readouterr().out
    assert read_setting(db, PRINT_STAMP_BOXES) == ("会長", "会計", "監事")
    assert main(["settings", "set", "print_stamp_boxes", "", "--db", str(db_target)]) == 0
    assert "印欄を（空欄）にしました" in capsys.readouterr().out
    assert read_setting(db, PRINT_STAMP_BOXES) == ()


@pytest.mark.parametrize("name, value, words", [
    ("area_code", "abc", "設定「市外局番」に「abc」は使えません: 0で始まる2〜5けたの数字にしてください"),
    ("date_style", "reiwa", "に「reiwa」は使えません: 「和暦（令和7年4月1日）」「西暦（2025/4/1）」のどれかにしてください"),
    ("backup_keep_count", "0", "1から1000までの数にしてください"),
    ("nonsense", "1", "「nonsense」という設定はありません。使える名前: area_code（市外局番）"),
    ("bylaws", "第1条", "ここでは変えません（事業・会議の「規約…」で変えます）"),
])
def test_unknown_names_and_bad_values_exit_2_and_change_nothing(db, db_target, capsys, name, value, words) -> None:
    assert main(["settings", "set", name, value, "--db", str(db_target)]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and not captured.out
    assert [read_setting(db, s) for s in OFFICE_SETTINGS] == [s.default for s in OFFICE_SETTINGS]


def test_help_lists_the_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "settings" in capsys.readouterr().out
