"""The office's preferences saved together (「設定…」, `kyodo settings`): all or nothing, undoable."""

from __future__ import annotations

import pytest

from app.domain.validation import ValidationError
from app.services.changes import SETTINGS
from app.services.settings import (
    AREA_CODE,
    BACKUP_KEEP_COUNT,
    BYLAWS,
    DATE_STYLE,
    ELSEWHERE,
    EQUIPMENT_MINIMUM,
    OFFICE_SETTINGS,
    PRINT_STAMP_BOXES,
    REGISTRY,
    change_settings,
    read_setting,
    write_settings,
)


def test_every_setting_is_in_the_settings_dialog_or_has_its_own_place() -> None:
    shown = {s.name for s in OFFICE_SETTINGS}
    assert shown | set(ELSEWHERE) == set(REGISTRY) and not shown & set(ELSEWHERE)
    assert EQUIPMENT_MINIMUM in OFFICE_SETTINGS and BYLAWS not in OFFICE_SETTINGS


def test_equipment_minimum_defaults_to_every_item(db) -> None:
    assert read_setting(db, EQUIPMENT_MINIMUM) == 0
    with pytest.raises(ValueError):
        EQUIPMENT_MINIMUM.parse("-1")


def test_date_style_reads_its_japanese_labels() -> None:
    assert DATE_STYLE.parse("西暦") == "slash" and DATE_STYLE.parse("和暦（令和7年4月1日）") == "wareki"
    assert DATE_STYLE.parse("slash") == "slash" and DATE_STYLE.label_of("slash") == "西暦（2025/4/1）"
    with pytest.raises(ValueError, match="西暦"):
        DATE_STYLE.parse("reiwa")


def test_a_value_not_allowed_stores_none_of_them(db) -> None:
    with pytest.raises(ValidationError) as refused:
        write_settings(db, {DATE_STYLE: "slash", AREA_CODE: "abc", BACKUP_KEEP_COUNT: 0})
    assert {p.field for p in refused.value.problems} == {"area_code", "backup_keep_count"}
    assert "市外局番" in str(refused.value)
    assert read_setting(db, DATE_STYLE) == "wareki" and read_setting(db, AREA_CODE) == "0191"


def test_changes_are_one_undoable_step(db) -> None:
    before = {s: read_setting(db, s) for s in OFFICE_SETTINGS}
    after = {**before, AREA_CODE: "0192", PRINT_STAMP_BOXES: ("会長", "監事")}
    step = change_settings(db, before, after)
    assert step.label == "設定の変更（市外局番、印欄）"
    assert step.apply().touches(SETTINGS)
    assert read_setting(db, AREA_CODE) == "0192" and read_setting(db, PRINT_STAMP_BOXES) == ("会長", "監事")
    step.revert()
    assert read_setting(db, AREA_CODE) == "0191" and read_setting(db, PRINT_STAMP_BOXES) == ()
    step.apply()  # やり直し
    assert read_setting(db, AREA_CODE) == "0192"
