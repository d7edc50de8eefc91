"""`kyodo plan next` and approval: drafts made once and whole, approval refused or asked as issue 15 says."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.domain.validation import ValidationError
from app.services.accounts.budget_drafts import budget_draft, save_budget_draft
from app.services.accounts.budgets import list_budget_versions
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.projects.approval import NeedsConfirmation, approve_plan
from app.services.projects.plans import make_next_plan, plan_status
from app.services.projects.projects import list_projects
from app.storage.models import ChangeLog
from tests.plans.conftest import FY2025, FY2026


def test_next_year_gets_draft_projects_and_budget(budget_db, cats) -> None:
    db, _ = budget_db
    assert make_next_plan(db, FY2025).value == 2
    drafts = {p.name: p.data for p in list_projects(db, FY2026)}
    assert set(drafts) == {"見守り活動", "歴史講座"}
    watch = drafts["見守り活動"]
    assert (watch.item_code, watch.committee, watch.budget, watch.target_value) == ("2-2", "福祉部会", 50_000, 100)
    assert watch.result_value is None and watch.actual_cost is None and watch.person_in_charge == ""
    assert plan_status(db, FY2026).is_draft and plan_status(db, FY2026).state_label == "案"
    draft = budget_draft(db, FY2026)
    by_name = {ln.name: ln for ln in draft.lines}
    assert (by_name["会費"].amount, by_name["会費"].previous_budget, by_name["会費"].change) == (200_000, 200_000, 0)
    assert draft.balance().balanced


def test_plan_next_twice_is_refused_and_changes_nothing(budget_db, db_target, capsys) -> None:
    db, _ = budget_db
    assert main(["plan", "next", "--db", str(db_target), "--year", "2025"]) == 0
    assert "令和8年度の事業計画（案）を作りました（事業 2件" in capsys.readouterr().out
    with db.session() as s:
        logged = s.scalar(select(func.count()).select_from(ChangeLog))
    assert main(["plan", "next", "--db", str(db_target), "--year", "2025"]) == 1
    assert "既に作られています" in capsys.readouterr().err
    assert len(list_projects(db, FY2026)) == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == logged


def test_plan_next_without_projects_or_onto_a_year_with_projects_is_refused(budget_db, db_target, capsys) -> None:
    assert main(["plan", "next", "--db", str(db_target), "--year", "2026"]) == 1
    assert "令和8年度に事業がないため" in capsys.readouterr().err
    # 令和7年度 has projects of its own: no plan may be made onto it
    assert main(["plan", "next", "--db", str(db_target), "--year", "2024"]) == 1
    assert "令和7年度には事業が既に2件ある" in capsys.readouterr().err
    db, _ = budget_db
    assert plan_status(db, FY2025) is None and plan_status(db, FY2026.next()) is None


def test_a_failure_half_way_leaves_no_drafts(budget_db, monkeypatch) -> None:
    db, _ = budget_db
    import app.services.projects.plans as plans

    def broken(*_a, **_k):
        raise ValidationError("予算（案）を作れませんでした")

    monkeypatch.setattr(plans, "make_budget_draft", broken)
    with pytest.raises(ValidationError):
        make_next_plan(db, FY2025)
    assert list_projects(db, FY2026) == [] and plan_status(db, FY2026) is None


def test_approval_makes_the_draft_budget_the_initial_budget(budget_db, cats) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    status = approve_plan(db, FY2026, date(2026, 5, 16)).value
    assert not status.is_draft and status.approved_on == date(2026, 5, 16)
    assert "承認済み" in status.state_label
    versions = list_budget_versions(db, FY2026)
    assert [(v.label, v.adopted_on) for v in versions] == [("当初予算", date(2026, 5, 16))]
    assert versions[0].amounts[cats["会費"]] == 200_000
    assert budget_draft(db, FY2026) is None


def test_unbalanced_budget_and_late_meeting_ask_first(budget_db, cats, db_target, capsys) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    save_budget_draft(db, FY2026, {cats["会費"]: 250_000})
    with pytest.raises(NeedsConfirmation) as asked:
        approve_plan(db, FY2026, date(2026, 9, 1))
    text = str(asked.value)
    assert "収入が支出より50,000円多い" in text and "第1四半期" in text
    assert plan_status(db, FY2026).is_draft and list_budget_versions(db, FY2026) == []
    assert main(["plan", "approve", "--db", str(db_target), "--year", "2026", "--date", "2026-09-01"]) == 1
    assert "--accept-warnings" in capsys.readouterr().err
    assert main(["plan", "approve", "--db", str(db_target), "--year", "2026", "--date", "2026-09-01",
                 "--accept-warnings"]) == 0
    assert list_budget_versions(db, FY2026)[0].amounts[cats["会費"]] == 250_000


def test_approval_is_refused_when_the_year_has_entries_or_is_approved(budget_db, cats) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    entry = add_entry(db, FY2026, EntryInput(date(2026, 4, 10), "income", cats["会費"], 1_000)).value
    with pytest.raises(ValidationError, match="出納簿の記帳が既に1件"):
        approve_plan(db, FY2026, date(2026, 5, 16))
    assert plan_status(db, FY2026).is_draft
    from app.services.accounts.ledger import delete_entry

    delete_entry(db, entry.id)
    approve_plan(db, FY2026, date(2026, 5, 16))
    with pytest.raises(ValidationError, match="承認済み"):
        approve_plan(db, FY2026, date(2026, 5, 17))


def test_approval_without_a_plan_is_refused(budget_db) -> None:
    db, _ = budget_db
    with pytest.raises(ValidationError, match="事業計画（案）がありません"):
        approve_plan(db, FY2026, date(2026, 5, 16))


def test_no_plan_is_made_from_a_plan_still_in_draft(budget_db) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    with pytest.raises(ValidationError, match="令和8年度の事業計画はまだ案です"):
        make_next_plan(db, FY2026)
    assert plan_status(db, FY2026.next()) is None


def test_the_carried_forward_line_is_the_years_outlook(budget_db, cats) -> None:
    db, _ = budget_db
    # 会費 came in beyond its budget (250,000 > 200,000); the rest is expected as budgeted
    add_entry(db, FY2025, EntryInput(date(2025, 6, 1), "income", cats["会費"], 250_000))
    make_next_plan(db, FY2025)
    carried = next(ln for ln in budget_draft(db, FY2026).lines if ln.name == "前年度繰越金")
    assert (carried.amount, carried.note) == (50_000, "令和7年度の決算見込み")
