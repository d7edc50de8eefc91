"""`kyodo room add` on a database (a SQLite file, or a server on the PostgreSQL run), as the contract in the issue gives it: the options, and the
refusals (exit 1, a Japanese message, nothing stored) and usage errors (exit 2)."""

from __future__ import annotations

import pytest

from app.cli import main
from app.services.facility.rooms import list_rooms
from tests.postgres_support import open_target


def _rooms(db_path) -> dict[str, tuple]:
    db = open_target(db_path)
    try:
        return {r.name: (r.data.capacity, r.data.slots, r.data.fee_per_slot, r.data.counts_for_rate)
                for r in list_rooms(db)}
    finally:
        db.close()


@pytest.fixture
def office(db, db_target):
    db.close()
    return db_target


def test_a_room_with_every_option(office, capsys):
    assert main(["room", "add", "--db", str(office), "--name", "和室", "--capacity", "20",
                 "--slots", "午前,午後", "--fee", "600"]) == 0
    assert "部屋「和室」を登録しました（午前・午後、1コマ 600円）。" in capsys.readouterr().out
    assert main(["room", "add", "--db", str(office), "--name", "調理実習室", "--not-in-rate"]) == 0
    assert "（午前・午後・夜間、使用料なし）" in capsys.readouterr().out
    assert _rooms(office) == {"和室": (20, ("午前", "午後"), 600, True),
                              "調理実習室": (None, ("午前", "午後", "夜間"), 0, False)}


def test_a_room_lent_by_the_hour(office, capsys):
    assert main(["room", "add", "--db", str(office), "--name", "スタジオ", "--slots", "9〜12時", "--fee", "1,200"]) == 0
    assert "部屋「スタジオ」を登録しました（9〜12時、1時間 1,200円）。" in capsys.readouterr().out
    assert _rooms(office)["スタジオ"][1:3] == (("9時", "10時", "11時"), 1200)


def test_a_duplicate_name_or_bad_hours_are_refused_and_nothing_is_stored(office, capsys):
    assert main(["room", "add", "--db", str(office), "--name", "和室"]) == 0
    capsys.readouterr()
    assert main(["room", "add", "--db", str(office), "--name", "和室", "--fee", "100"]) == 1
    assert "部屋「和室」は既にあります" in capsys.readouterr().err
    assert main(["room", "add", "--db", str(office), "--name", "ホール", "--slots", "21〜9時"]) == 1
    assert "時間帯「21〜9時」の時刻を確かめてください" in capsys.readouterr().err
    assert main(["room", "add", "--db", str(office), "--name", "倉庫", "--capacity", "-3"]) == 1
    assert "定員に負の数は入力できません" in capsys.readouterr().err
    assert list(_rooms(office)) == ["和室"]


def test_usage_errors_exit_2(office, capsys):
    with pytest.raises(SystemExit) as no_name:
        main(["room", "add", "--db", str(office)])
    assert no_name.value.code == 2
    with pytest.raises(SystemExit) as bad_fee:
        main(["room", "add", "--db", str(office), "--name", "和室", "--fee", "千円"])
    assert bad_fee.value.code == 2
    assert "--fee は円の整数で指定してください: 千円" in capsys.readouterr().err
    assert _rooms(office) == {}


def test_help_names_the_hourly_fee(capsys):
    with pytest.raises(SystemExit):
        main(["room", "add", "--help"])
    assert "時間貸しの部屋は1時間あたり" in capsys.readouterr().out
