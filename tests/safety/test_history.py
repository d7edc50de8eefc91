"""Change history and trash: recorded for any audited model, in the same transaction as the change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from app.domain.validation import ValidationError
from app.services.history import history_for, list_trash, restore_from_trash
from app.services.profile import Profile, save_profile
from app.storage.database import Database
from app.storage.history import erase_field_values, move_to_trash
from app.storage.models import Body, ChangeLog
from tests.safety.models_for_tests import Club, Player, add_test_tables


def _body_id(db: Database) -> int:
    with db.session() as s:
        return s.scalars(select(Body.id)).one()


def test_profile_changes_are_listed_with_before_and_after(db: Database) -> None:
    save_profile(db, Profile(name="ひばり野地域協働体", phone="0191-11-1111"))
    save_profile(db, Profile(name="ひばり野地域協働体", phone="0191-22-2222", area="藤沢"))
    entries = history_for(db, Body, _body_id(db))
    added = [(e.field, e.after) for e in entries if e.operation == "追加"]
    assert ("地域協働体名", "ひばり野地域協働体") in added
    assert ("電話", "0191-11-1111") in added
    changed = [(e.field, e.before, e.after) for e in entries if e.operation == "変更"]
    # Only what really changed; the unchanged name is not repeated.
    assert sorted(changed) == [("地域", "（空欄）", "藤沢"), ("電話", "0191-11-1111", "0191-22-2222")]
    assert all(e.changed_at.date() == date.today() for e in entries)


def test_a_failed_transaction_leaves_neither_change_nor_history(db: Database) -> None:
    save_profile(db, Profile(name="甲地域協働体"))
    before = len(history_for(db, "body", _body_id(db)))
    with pytest.raises(RuntimeError), db.session.begin() as s:
        s.scalars(select(Body)).one().name = "乙地域協働体"
        s.flush()  # the change and its log row are written …
        raise RuntimeError("crash before commit")  # … and rolled back together
    assert len(history_for(db, "body", _body_id(db))) == before
    with db.session() as s:
        assert s.scalars(select(Body.name)).one() == "甲地域協働体"


def test_old_value_is_found_even_when_it_was_not_loaded(db: Database) -> None:
    save_profile(db, Profile(name="甲地域協働体", phone="0191-11-1111"))
    with db.session.begin() as s:
        body = s.scalars(select(Body)).one()
        s.expire(body, ["phone"])
        body.phone = "0191-99-9999"
    changed = [(e.before, e.after) for e in history_for(db, Body, _body_id(db)) if e.operation == "変更"]
    assert changed == [("0191-11-1111", "0191-99-9999")]


def test_bulk_update_of_an_audited_model_is_refused(db: Database) -> None:
    save_profile(db, Profile(name="甲地域協働体"))
    with pytest.raises(RuntimeError, match="audited"), db.session.begin() as s:
        s.execute(update(Body).values(name="乙"))


def test_any_audited_model_is_recorded_including_deletes(db: Database) -> None:
    add_test_tables(db)
    with db.session.begin() as s:
        club = Club(name="将棋クラブ", founded=date(2020, 4, 1), members=5)
        s.add(club)
    with db.session.begin() as s:
        s.get(Club, club.id).members = 6
    with db.session.begin() as s:
        s.delete(s.get(Club, club.id))
    entries = [(e.operation, e.field, e.before, e.after) for e in history_for(db, Club, club.id)]
    assert ("追加", "設立日", "", "令和2年4月1日") in entries  # as the forms print dates
    assert ("変更", "members", "5", "6") in entries
    assert ("削除", "クラブ名", "将棋クラブ", "") in entries


def test_trash_keeps_the_row_and_puts_it_back(db: Database) -> None:
    save_profile(db, Profile(name="甲地域協働体", phone="0191-11-1111", established_on=date(2008, 4, 1)))
    body_id = _body_id(db)
    with db.session.begin() as s:
        move_to_trash(s, s.get(Body, body_id))
    with db.session() as s:
        assert s.get(Body, body_id) is None
    [entry] = list_trash(db)
    assert (entry.kind, entry.title) == ("団体情報", "甲地域協働体")
    restore_from_trash(db, entry.id)
    assert list_trash(db) == []
    with db.session() as s:
        body = s.get(Body, body_id)
        assert (body.name, body.phone, body.established_on) == (
            "甲地域協働体",
            "0191-11-1111",
            date(2008, 4, 1),
        )
    operations = {e.operation for e in history_for(db, Body, body_id)}
    assert {"ゴミ箱へ", "ゴミ箱から復元"} <= operations


def test_a_row_in_use_cannot_be_trashed(db: Database) -> None:
    add_test_tables(db)
    with db.session.begin() as s:
        club = Club(name="将棋クラブ")
        s.add(club)
        s.flush()
        s.add(Player(club_id=club.id, name="架空 一郎"))
    with (
        pytest.raises(ValidationError, match="選手（1件）から使われているため、削除できません"),
        db.session.begin() as s,
    ):
        move_to_trash(s, s.get(Club, club.id))
    with db.session() as s:
        assert s.get(Club, club.id) is not None


def test_restore_is_refused_when_the_referenced_row_is_gone_or_the_id_is_taken(db: Database) -> None:
    add_test_tables(db)
    with db.session.begin() as s:
        club = Club(name="将棋クラブ")
        s.add(club)
        s.flush()
        player = Player(club_id=club.id, name="架空 一郎", phone="090-0000-0000")
        s.add(player)
    with db.session.begin() as s:
        move_to_trash(s, s.get(Player, player.id))
        move_to_trash(s, s.get(Club, club.id))
    trash = {e.kind: e.id for e in list_trash(db)}
    with pytest.raises(ValidationError, match="関係するクラブ（番号 1）が削除されています"):
        restore_from_trash(db, trash["選手"])
    assert len(list_trash(db)) == 2  # nothing changed

    with db.session.begin() as s:  # someone made a new club that got the same id
        s.add(Club(id=club.id, name="囲碁クラブ"))
    with pytest.raises(ValidationError, match="同じ番号（1）のクラブが既にあります"):
        restore_from_trash(db, trash["クラブ"])
    restore_from_trash(db, trash["選手"])  # its club (id 1) exists again
    with db.session() as s:
        assert s.get(Player, player.id).phone == "090-0000-0000"


def test_erased_personal_values_vanish_from_history_and_trash(db: Database) -> None:
    add_test_tables(db)
    with db.session.begin() as s:
        club = Club(name="将棋クラブ")
        s.add(club)
        s.flush()
        player = Player(club_id=club.id, name="架空 一郎", phone="090-1111-1111")
        s.add(player)
    with db.session.begin() as s:
        s.get(Player, player.id).phone = "090-2222-2222"
    with db.session.begin() as s:  # the member left: erase the phone, keep the name
        s.get(Player, player.id).phone = ""
        erase_field_values(s, "t_player", player.id, ["phone"])
    phones = [e for e in history_for(db, Player, player.id) if e.field == "phone"]
    assert phones and all(
        e.before in ("", "（消去済み）") and e.after in ("", "（消去済み）") for e in phones
    )
    with db.session() as s:
        texts = [(r.old_value or "") + (r.new_value or "") for r in s.scalars(select(ChangeLog))]
    assert not any("090-" in t for t in texts)
    assert any("架空 一郎" in t for t in texts)  # other fields keep their history
