"""Criteria sets are data versioned by fiscal year; 実施年次指標 roll forward from the unfinished years."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.domain.fiscal_year import FiscalYear
from app.domain.plan import DEFAULT_CRITERIA, CriterionDef
from app.domain.validation import ValidationError
from app.services.projects.criteria import criteria_for_year, save_criteria_for_year
from app.services.projects.evaluation import get_evaluation, set_grade
from app.services.projects.projects import ProjectData, create_project
from app.services.projects.rolling_targets import Target, get_plan, plan_in_force, roll_forward, set_target
from app.services.reports import export_report
from tests.projects.conftest import FY2025

FY2026 = FiscalYear(2026)


def _sheet_values(path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: [row for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _criteria_2026() -> list[CriterionDef]:
    changed = [d for d in DEFAULT_CRITERIA if d.key != "improvement_3"]
    changed[0] = CriterionDef("objective_1", "客観的評価検証", "❶", "事業の目標と成果を数値で確かめたか", "project", "target")
    return [*changed, CriterionDef("youth", "改善策の検討", "❸", "若い世代が参加しているか", "project")]


def test_new_criteria_for_2026_leave_2025_and_its_sheet_unchanged(year_db, tmp_path) -> None:
    db, ids = year_db
    set_grade(db, FY2025, ids["watch"], "objective_1", "A", "世帯数が増えた")
    set_grade(db, FY2025, ids["watch"], "improvement_3", "C", "経費の見直しが必要")
    project_2026 = create_project(db, FY2026, ProjectData(name="見守り活動", item_code="2-2", committee="福祉部会")).value
    set_grade(db, FY2026, project_2026, "objective_1", "B", "継続中")
    set_grade(db, FY2026, project_2026, "improvement_3", "B")
    before = export_report(db, "evaluation", FY2025, "xlsx", tmp_path / "before.xlsx")

    save_criteria_for_year(db, FY2026, _criteria_2026(), name="令和8年度からの評価の視点")

    after = export_report(db, "evaluation", FY2025, "xlsx", tmp_path / "after.xlsx")
    assert _sheet_values(after) == _sheet_values(before)
    old = get_evaluation(db, FY2025, ids["watch"])
    assert [c.key for c in old.criteria][-1] == "improvement_3"
    assert old.criteria[0].wording == "想定した事業の目標や成果が達成されたか"
    assert old.entry("improvement_3").grade == "C"

    new = get_evaluation(db, FY2026, project_2026)  # re-pinned: kept grades follow their key
    assert new.criteria[0].wording == "事業の目標と成果を数値で確かめたか"
    assert new.entry("objective_1").grade == "B" and new.entry("objective_1").comment == "継続中"
    assert "improvement_3" not in [c.key for c in new.criteria] and new.entry("improvement_3").grade == ""
    assert criteria_for_year(db, FiscalYear(2030)).first_year == 2026
    assert criteria_for_year(db, FY2025).by_key("improvement_3").wording == "行財政改革の効果が表れているか"

    sheet_2026 = load_workbook(export_report(db, "evaluation", FY2026, "xlsx", tmp_path / "2026.xlsx"))["事業評価"]
    criteria_cells = [r[1] for r in sheet_2026.iter_rows(values_only=True)]
    assert "客観的評価検証 ❶ 事業の目標と成果を数値で確かめたか" in criteria_cells
    assert "改善策の検討 ❸ 若い世代が参加しているか" in criteria_cells


def test_criteria_without_wording_are_refused_and_nothing_changes(db) -> None:
    with pytest.raises(ValidationError, match="2番目の評価項目: 評価の視点の文言を入力してください"):
        save_criteria_for_year(db, FY2026, [DEFAULT_CRITERIA[0], CriterionDef("x", "区分", "", "", "project")])
    assert criteria_for_year(db, FY2026).first_year < 2026


def test_rolling_forward_starts_the_next_plan_from_the_unfinished_years(db) -> None:
    set_target(db, FY2025, "1-2", 2025, Target("研修会の受講者数", 50, "人"))
    set_target(db, FY2025, "1-2", 2026, Target("研修会の受講者数", 55, "人"))
    set_target(db, FY2025, "1-2", 2027, Target("研修会の受講者数", 60, "人"))
    set_target(db, FY2025, "3-2", 2027, Target("体験教室", 3, "回"))

    assert roll_forward(db, FY2025).value == FY2026
    plan = get_plan(db, FY2026)
    assert plan.years == (2026, 2027, 2028)
    row = next(r for r in plan.rows if r.item_code == "1-2")
    assert [row.targets[y].text for y in plan.years] == ["研修会の受講者数 55人", "研修会の受講者数 60人", ""]
    assert next(r for r in plan.rows if r.item_code == "3-2").targets[2027].text == "体験教室 3回"
    # the old plan keeps its finished year; the new plan is the one in force for 2026
    assert get_plan(db, FY2025).rows[1].targets[2025].value == 50
    assert plan_in_force(db, FY2026).plan_year == 2026
    assert plan_in_force(db, FY2025).plan_year == 2025
    with pytest.raises(ValidationError, match="既にあります"):
        roll_forward(db, FY2025)
    with pytest.raises(ValidationError, match="3か年度分"):
        set_target(db, FY2026, "1-2", 2029, Target("x", 1))


def test_an_empty_plan_cannot_be_rolled(db) -> None:
    with pytest.raises(ValidationError, match="まだありません"):
        roll_forward(db, FiscalYear(2024))
    assert plan_in_force(db, FiscalYear(2025)) is None
