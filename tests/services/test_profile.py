"""Profile validation and saving: every problem named by field, nothing written on rejection."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.validation import ValidationError
from app.services.profile import Profile, get_profile, save_profile
from app.storage.database import Database


def test_save_normalises_and_reads_back(db: Database) -> None:
    saved = save_profile(
        db,
        Profile(
            name="　ﾐﾄﾞﾘ野地域協働体 ",
            centre_name="みどり野市民センター",
            area="花泉",
            chair_name="架空　太郎",
            postal_code="〒０２９－３１０１",
            address="岩手県一関市花泉町１番地",
            phone="０１９１－８２－１２３４",
            established_on=date(2008, 4, 1),
        ),
    ).value
    assert saved.name == "ミドリ野地域協働体"
    assert saved.postal_code == "029-3101"
    assert saved.phone == "0191-82-1234"
    assert get_profile(db) == saved


def test_every_problem_is_named_and_nothing_is_written(db: Database) -> None:
    save_profile(db, Profile(name="元の名前"))
    with pytest.raises(ValidationError) as exc:
        save_profile(
            db,
            Profile(name="", area="盛岡", postal_code="12-34", phone="電話なし", established_on=date(2999, 1, 1)),
        )
    fields = {p.field for p in exc.value.problems}
    assert fields == {"name", "area", "postal_code", "phone", "established_on"}
    assert "地域協働体名を入力してください" in exc.value.for_field("name")
    assert get_profile(db).name == "元の名前"


def test_phone_keeps_leading_zero(db: Database) -> None:
    save_profile(db, Profile(name="X地域協働体", phone="0191212111"))
    assert get_profile(db).phone.startswith("0191")
