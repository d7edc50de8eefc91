"""Projects, meetings and grading as the services see them."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.plan import parse_grade
from app.domain.validation import ValidationError
from app.services.projects.evaluation import (
    evaluation_sheet,
    get_evaluation,
    grade_profile,
    set_evaluation_text,
    set_grade,
)
from app.services.projects.meetings import MeetingData, count_meetings, create_meeting
from app.services.projects.projects import (
    ProjectData,
    create_project,
    delete_project,
    list_projects,
    parse_count,
    restore_project,
)
from tests.projects.conftest import FY2025


def test_project_input_is_checked_field_by_field_and_nothing_is_stored(db) -> None:
    bad = ProjectData(name="", item_code="9-9", budget=-1, start_on=date(2026, 4, 1), target_value=-3)
    with pytest.raises(ValidationError) as caught:
        create_project(db, FY2025, bad)
    err = caught.value
    assert err.for_field("name") == ["事業名を入力してください"]
    assert "人づくり" in err.for_field("item_code")[0]
    assert err.for_field("budget") == ["予算額に負の数は入力できません"]
    assert "令和7年度" in err.for_field("start_on")[0]
    assert err.for_field("target_value") == ["数値目標に負の数は入力できません"]
    assert list_projects(db, FY2025) == []


def test_counts_typed_as_staff_type_them() -> None:
    assert parse_count("１，２００", "参加者数") == 1200
    assert parse_count(" ", "参加者数") is None
    with pytest.raises(ValueError, match="参加者数は0以上の整数"):
        parse_count("たくさん", "参加者数")


def test_meetings_are_counted_per_kind_and_committee_within_the_fiscal_year(year_db) -> None:
    db, _ = year_db
    counts = count_meetings(db, FY2025)
    assert counts.total == 5  # the April 2026 役員会 belongs to 令和8年度
    assert counts.by_kind["部会"] == 3 and counts.by_kind["役員会"] == 0
    assert counts.for_committee("福祉部会") == 3
    assert counts.summary == "会議・話し合い 5回（総会 1回・部会 3回・ワークショップ 1回）"
    assert count_meetings(db, FiscalYear(2026)).total == 1


def test_a_committee_meeting_needs_its_committee(db) -> None:
    with pytest.raises(ValidationError) as caught:
        create_meeting(db, FY2025, MeetingData(held_on=date(2025, 6, 1), kind="部会"))
    assert caught.value.for_field("committee") == ["部会の会議には部会名を入力してください"]


def test_evidence_beside_the_criteria(year_db) -> None:
    db, ids = year_db
    sheet = evaluation_sheet(db, FY2025)
    watch = next(pe for pe in sheet.projects if pe.project.id == ids["watch"])
    assert watch.evidence.lines("target") == ["訪問世帯数: 目標 100世帯 → 実績 120世帯（達成率 120.0%）"]
    assert watch.evidence.lines("cost") == ["予算額 50,000円 → 決算額 40,000円（入力）・執行率 80.0%"]
    assert watch.evidence.lines("meetings") == ["会議・話し合い 5回（うち 福祉部会 3回）"]


def test_grades_accept_letters_and_points_and_undo_gets_the_previous_entry(year_db) -> None:
    db, ids = year_db
    assert parse_grade("ａ").letter == "A" and parse_grade("2").letter == "C" and parse_grade("") is None
    assert set_grade(db, FY2025, ids["watch"], "objective_1", "4", "よくできた").value.grade == ""
    previous = set_grade(db, FY2025, ids["watch"], "objective_1", "b").value
    assert (previous.grade, previous.comment) == ("A", "よくできた")
    state = get_evaluation(db, FY2025, ids["watch"])
    assert state.entry("objective_1").grade == "B" and state.entry("objective_1").comment == "よくできた"
    with pytest.raises(ValidationError, match="A・B・C・D"):
        set_grade(db, FY2025, ids["watch"], "objective_2", "E")
    with pytest.raises(ValidationError, match="団体の評価項目"):
        set_grade(db, FY2025, ids["watch"], "conduct_1", "A")
    with pytest.raises(ValidationError, match="方向性"):
        set_evaluation_text(db, FY2025, ids["watch"], "direction", "やめる")


def test_grade_profile_is_the_mean_as_a_share_of_full_marks(year_db) -> None:
    db, ids = year_db
    set_grade(db, FY2025, ids["watch"], "objective_1", "A")
    set_grade(db, FY2025, ids["course"], "objective_1", "B")
    set_grade(db, FY2025, None, "conduct_2", "D")
    scores = {p.key: p.score for p in grade_profile(evaluation_sheet(db, FY2025))}
    assert scores["objective_1"] == 88  # (100 + 75) / 2 = 87.5, rounded half up
    assert scores["conduct_2"] == 25
    assert scores["objective_2"] is None


def test_deleting_a_project_and_undoing_brings_back_its_evaluation(year_db) -> None:
    db, ids = year_db
    set_grade(db, FY2025, ids["watch"], "objective_1", "A", "良い")
    set_evaluation_text(db, FY2025, ids["watch"], "direction", "拡充")
    deleted = delete_project(db, ids["watch"]).value
    assert [p.name for p in list_projects(db, FY2025)] == ["歴史講座"]
    restore_project(db, deleted)
    state = get_evaluation(db, FY2025, ids["watch"])
    assert state.entry("objective_1").comment == "良い" and state.direction == "拡充"
