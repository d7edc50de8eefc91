"""The checklist's own checks, which hold whatever the areas contribute."""

from __future__ import annotations

from app.domain.fiscal_year import FiscalYear
from app.services.fiscal_years import add_fiscal_year
from app.services.profile import Profile, save_profile
from app.services.submission.checklist import SubmissionBlocked, run_checklist
from app.services.submission.create import create_submission
from app.storage.database import Database


def test_no_profile_blocks_with_a_message_that_says_what_to_do(db: Database, tmp_path) -> None:
    year = FiscalYear(2025)
    add_fiscal_year(db, year)
    checklist = run_checklist(db, year)
    messages = [i.message for i in checklist.blocking]
    assert any("地域協働体名が登録されていません" in m and "「団体情報」" in m for m in messages)
    try:
        create_submission(db, year, tmp_path / "out")
    except SubmissionBlocked as exc:
        assert "【提出できません】団体情報: 地域協働体名が登録されていません" in str(exc)
    else:
        raise AssertionError("a submission without a body name must be refused")
    assert not (tmp_path / "out").exists()  # nothing written


def test_an_unknown_year_blocks(db: Database) -> None:
    save_profile(db, Profile(name="試験地域協働体", centre_name="試験市民センター"))
    add_fiscal_year(db, FiscalYear(2025))
    items = run_checklist(db, FiscalYear(2030)).blocking
    assert any("令和12年度（2030年度）はこのデータにありません" in i.message for i in items)
