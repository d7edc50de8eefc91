"""Typed settings: defaults, a round trip through the database, and stored values that cannot be read."""

from __future__ import annotations

import pytest

from app.domain.validation import ValidationError
from app.services.office import Database, Office
from app.services.settings import (
    AREA_CODE,
    BACKUP_KEEP_COUNT,
    DATE_STYLE,
    FONT_SCALE_PERCENT,
    PRINT_STAMP_BOXES,
    REGISTRY,
    SELECTED_FISCAL_YEAR,
    read_setting,
    setting_notes,
    write_setting,
)
from app.storage.models import Setting as SettingRow


def _store_text(db: Database, name: str, text: str) -> None:
    """What an older version, or a person with a database tool, may have left in the table."""
    with db.session.begin() as session:
        session.merge(SettingRow(key=name, value=text))


def test_every_setting_reads_its_default_on_a_new_database(db: Database) -> None:
    assert read_setting(db, BACKUP_KEEP_COUNT) == 20
    assert read_setting(db, AREA_CODE) == "0191"
    assert read_setting(db, FONT_SCALE_PERCENT) == 100
    assert read_setting(db, DATE_STYLE) == "wareki"
    assert read_setting(db, PRINT_STAMP_BOXES) == ()
    assert read_setting(db, SELECTED_FISCAL_YEAR) is None
    assert set(REGISTRY) >= {"backup_keep_count", "area_code", "font_scale_percent", "date_style",
                             "print_stamp_boxes", "selected_fiscal_year"}
    assert setting_notes(db) == []


def test_values_round_trip_as_their_type(db: Database) -> None:
    write_setting(db, BACKUP_KEEP_COUNT, 5)
    write_setting(db, AREA_CODE, "0197")
    write_setting(db, DATE_STYLE, "slash")
    write_setting(db, PRINT_STAMP_BOXES, ("会長", "会計", "監事"))
    write_setting(db, SELECTED_FISCAL_YEAR, 2024)
    assert read_setting(db, BACKUP_KEEP_COUNT) == 5
    assert read_setting(db, AREA_CODE) == "0197"
    assert read_setting(db, DATE_STYLE) == "slash"
    assert read_setting(db, PRINT_STAMP_BOXES) == ("会長", "会計", "監事")
    assert read_setting(db, SELECTED_FISCAL_YEAR) == 2024


def test_stamp_boxes_typed_by_people_with_japanese_commas_are_read(db: Database) -> None:
    _store_text(db, "print_stamp_boxes", "会長、会計，監事")
    assert read_setting(db, PRINT_STAMP_BOXES) == ("会長", "会計", "監事")


def test_a_value_the_setting_does_not_allow_is_refused_and_nothing_is_stored(db: Database) -> None:
    with pytest.raises(ValidationError, match="バックアップの保存数"):
        write_setting(db, BACKUP_KEEP_COUNT, 0)
    with pytest.raises(ValidationError, match="市外局番"):
        write_setting(db, AREA_CODE, "191")
    with pytest.raises(ValidationError, match="「和暦（令和7年4月1日）」「西暦（2025/4/1）」のどれか"):
        write_setting(db, DATE_STYLE, "reiwa")
    assert read_setting(db, BACKUP_KEEP_COUNT) == 20 and read_setting(db, AREA_CODE) == "0191"


def test_a_bad_stored_value_falls_back_to_the_default_with_a_note(db_path) -> None:
    Office.open(db_path).close()
    with Office.open(db_path) as office:
        _store_text(office.db, "backup_keep_count", "たくさん")
        _store_text(office.db, "date_style", "reiwa")
        assert office.settings.get(BACKUP_KEEP_COUNT) == 20
        assert office.settings.get(DATE_STYLE) == "wareki"
    with Office.open(db_path) as office:  # the window shows these notes when it opens
        notes = "\n".join(office.notices)
        assert "設定「バックアップの保存数」に保存された値「たくさん」は使えません" in notes
        assert "既定値（20）を使います" in notes
        assert "設定「印刷する日付の書き方」" in notes
        office.settings.set(BACKUP_KEEP_COUNT, 7)  # setting it again clears the note
        assert office.settings.get(BACKUP_KEEP_COUNT) == 7
        assert len(office.settings.notes()) == 1


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_declared_setting_stores_its_default_and_reads_it_back(db: Database, name: str) -> None:
    setting = REGISTRY[name]
    assert setting.label and setting.doc  # what the user is told about it
    write_setting(db, setting, setting.default)
    assert read_setting(db, setting) == setting.default


def test_a_setting_of_a_closed_file_is_read_without_opening_it(db_path) -> None:
    from app.services.settings import read_setting_of_file

    assert read_setting_of_file(db_path, BACKUP_KEEP_COUNT) == 20  # no file yet
    with Office.open(db_path) as office:
        office.settings.set(BACKUP_KEEP_COUNT, 3)
        _store_text(office.db, "area_code", "市外局番")
    assert read_setting_of_file(db_path, BACKUP_KEEP_COUNT) == 3
    assert read_setting_of_file(db_path, AREA_CODE) == "0191"  # unreadable: the default
