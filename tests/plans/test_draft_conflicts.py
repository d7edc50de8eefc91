"""Two PCs prepare the 総会 at once: a save over a 予算（案）, 役員改選（案）, 議案と議決, 実施年次指標,
評価の視点 or 区分 that someone else saved since the form was filled is refused with who changed what
and when, nothing is stored, and saving again against what is stored now overwrites on purpose."""

from __future__ import annotations

import getpass
import socket
from dataclasses import replace

import pytest

from app.domain.plan import CriterionDef
from app.services.accounts.budget_drafts import budget_drafts
from app.services.members.kinds import list_member_kinds, update_member_kind
from app.services.members.officer_proposals import list_proposals, propose_all
from app.services.projects.criteria import criteria_for_year, save_criteria_for_year
from app.services.projects.meetings import list_meetings
from app.services.projects.motions import Motion, list_motions, save_motions
from app.services.projects.plan_drafts import save_budget_draft
from app.services.projects.plans import make_next_plan
from app.services.projects.rolling_targets import Target, get_plan, set_target
from app.services.records import EditConflict
from tests.plans.conftest import FY2025, FY2026

WHO = f"{getpass.getuser()}さん（{socket.gethostname()}）が"  # the change log's actor: the OS user and the PC


def _amounts(db) -> dict[int, int]:
    return {ln.category_id: ln.amount for d in budget_drafts(db, FY2026) for ln in d.lines}


def test_the_budget_draft_refuses_a_save_over_another_pcs(officers_db, cats) -> None:
    db, _ids = officers_db
    make_next_plan(db, FY2025)
    shown = _amounts(db)  # the form opens
    save_budget_draft(db, FY2026, {**shown, cats["会費"]: 300_000})  # another PC saves first
    typed = {**shown, cats["事業費"]: 450_000}
    with pytest.raises(EditConflict) as refused:
        save_budget_draft(db, FY2026, typed, expected=shown)
    message = str(refused.value)
    assert "この令和8年度の予算（案）は、開いた後に" in message and WHO in message
    assert "会費: 200,000円 → 300,000円" in message and "保存していません" in message
    assert _amounts(db)[cats["事業費"]] == 400_000  # nothing of ours was stored
    save_budget_draft(db, FY2026, typed, expected=refused.value.current)  # seen: overwrite on purpose
    assert _amounts(db)[cats["事業費"]] == 450_000 and _amounts(db)[cats["会費"]] == 200_000


def test_the_officer_proposals_refuse_a_save_over_another_pcs(officers_db) -> None:
    db, ids = officers_db
    make_next_plan(db, FY2025)
    shown = {p.id: p.person_id for p in list_proposals(db, FY2026)}
    treasurer = next(k for k, v in shown.items() if v == ids["treasurer"])
    chair = next(k for k, v in shown.items() if v == ids["chair"])
    propose_all(db, {treasurer: ids["newcomer"]})  # another PC
    with pytest.raises(EditConflict) as refused:
        propose_all(db, {chair: ids["newcomer"]}, expected=shown)
    assert "会計: 架空 一郎 → 新人 三郎" in str(refused.value) and WHO in str(refused.value)
    assert {p.id: p.person_id for p in list_proposals(db, FY2026)}[chair] == ids["chair"]
    propose_all(db, {chair: ids["newcomer"]}, expected=refused.value.current)
    assert {p.id: p.person_id for p in list_proposals(db, FY2026)}[chair] == ids["newcomer"]


def test_the_motions_refuse_a_save_over_another_pcs(year_db) -> None:
    db, _ids = year_db
    meeting = list_meetings(db, FY2025)[0]
    save_motions(db, meeting.id, [Motion("第1号議案 事業報告について")])
    shown = list_motions(db, meeting.id)
    save_motions(db, meeting.id, [Motion("第1号議案 事業報告について", "承認")])  # another PC records the 議決
    with pytest.raises(EditConflict) as refused:
        save_motions(db, meeting.id, [*shown, Motion("第2号議案 決算報告について")], expected=shown)
    message = str(refused.value)
    assert "この会議の議案と議決は、開いた後に" in message and WHO in message
    assert "1件目: 第1号議案 事業報告について（議決前） → 第1号議案 事業報告について（承認）" in message
    assert list_motions(db, meeting.id) == [Motion("第1号議案 事業報告について", "承認")]
    save_motions(db, meeting.id, [Motion("第1号議案 事業報告について", "否決")], expected=refused.value.current)
    assert list_motions(db, meeting.id) == [Motion("第1号議案 事業報告について", "否決")]


def test_a_rolling_target_refuses_a_save_over_another_pcs(db) -> None:
    set_target(db, FY2025, "1-1", 2026, Target("研修会の開催回数", 3, "回"))
    shown = next(r for r in get_plan(db, FY2025).rows if r.item_code == "1-1").targets[2026]
    set_target(db, FY2025, "1-1", 2026, Target("研修会の開催回数", 4, "回"))  # another PC
    with pytest.raises(EditConflict) as refused:
        set_target(db, FY2025, "1-1", 2026, Target("研修会の受講者数", 3, "回"), expected=shown)
    message = str(refused.value)
    assert "令和8年度の実施年次指標" in message and WHO in message
    assert "研修会の開催回数 3回 → 研修会の開催回数 4回" in message
    set_target(db, FY2025, "1-1", 2026, Target("研修会の受講者数", 30, "人"), expected=refused.value.current)
    assert next(r for r in get_plan(db, FY2025).rows if r.item_code == "1-1").targets[2026].value == 30


def test_the_criteria_refuse_a_save_over_another_pcs(db) -> None:
    shown = criteria_for_year(db, FY2026)
    defs = [c.as_def() for c in shown.criteria]
    first = defs[0]
    save_criteria_for_year(db, FY2026, [replace(first, wording="目標は達成されたか"), *defs[1:]])  # another PC
    mine = [*defs, CriterionDef("custom_1", "改善策の検討", "", "次の年に生かせたか", "project", "")]
    with pytest.raises(EditConflict) as refused:
        save_criteria_for_year(db, FY2026, mine, shown=shown)
    message = str(refused.value)
    assert "この令和8年度の評価の視点は、開いた後に" in message and WHO in message
    assert f"{first.wording} → 目標は達成されたか" in message
    assert [c.key for c in criteria_for_year(db, FY2026).criteria] == [d.key for d in defs]
    save_criteria_for_year(db, FY2026, mine, shown=refused.value.current)
    assert criteria_for_year(db, FY2026).criteria[-1].wording == "次の年に生かせたか"


def test_a_member_kind_saved_against_an_old_version_is_refused(db) -> None:
    kind = list_member_kinds(db)[0]
    update_member_kind(db, replace(kind, counts_households=not kind.counts_households))  # another PC
    with pytest.raises(EditConflict) as refused:
        update_member_kind(db, replace(kind, name="町内会"))
    assert f"この区分の記録は、開いた後に{WHO}" in str(refused.value) and "世帯数を記録" in str(refused.value)
    assert list_member_kinds(db)[0].name == kind.name
    update_member_kind(db, replace(kind, name="町内会", version=refused.value.current_version))
    assert list_member_kinds(db)[0].name == "町内会"


def test_undo_and_redo_are_refused_over_another_pcs_later_change(officers_db, cats) -> None:
    """Undo puts back what was there only while nobody changed it since; redo likewise."""
    from app.services.projects import operations as ops
    from app.services.projects.evaluation import GradeEntry, get_evaluation, set_grade

    db, ids = officers_db
    shown = Target()
    step = ops.set_target(db, FY2025, "1-1", 2026, shown, Target("研修会の開催回数", 3, "回"), shown)
    step.apply()
    set_target(db, FY2025, "1-1", 2026, Target("研修会の開催回数", 5, "回"))  # another PC, after our save
    with pytest.raises(EditConflict, match="研修会の開催回数 3回 → 研修会の開催回数 5回"):
        step.revert()
    assert next(r for r in get_plan(db, FY2025).rows if r.item_code == "1-1").targets[2026].value == 5

    make_next_plan(db, FY2025)
    before = _amounts(db)
    step = ops.save_budget_draft(db, FY2026, before, {**before, cats["会費"]: 250_000}, before)
    step.apply()
    step.revert()  # nobody else changed it: our own save is taken back
    assert _amounts(db)[cats["会費"]] == 200_000
    save_budget_draft(db, FY2026, {**before, cats["会費"]: 210_000})  # another PC, after the undo
    with pytest.raises(EditConflict, match="会費: 200,000円 → 210,000円"):
        step.apply()  # the redo would overwrite it
    assert _amounts(db)[cats["会費"]] == 210_000

    grade = GradeEntry("A", " よくできた ")  # stored without the spaces: the undo still recognises it
    step = ops.set_grade(db, FY2025, ids["watch"], "objective_1", GradeEntry(), grade, "目標", GradeEntry())
    step.apply()
    set_grade(db, FY2025, ids["watch"], "objective_1", "B")  # another PC
    with pytest.raises(EditConflict):
        step.revert()
    assert get_evaluation(db, FY2025, ids["watch"]).entry("objective_1").grade == "B"
    set_grade(db, FY2025, ids["watch"], "objective_1", "A")  # back as we stored it: the undo goes through
    step.revert()
    assert get_evaluation(db, FY2025, ids["watch"]).entry("objective_1") == GradeEntry()
