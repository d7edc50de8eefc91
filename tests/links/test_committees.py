"""担当部会 and a meeting's 部会 linked to the 名簿's committees; meetings counted by the link."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from app.services.members.committees import CommitteeInfo, get_committee, remove_committee, save_committee
from app.services.projects.evaluation import evaluation_sheet
from app.services.projects.meetings import count_meetings, list_meetings
from app.services.projects.projects import ProjectData, create_project, get_project
from app.storage.models import Meeting, Project
from tests.projects.conftest import FY2025


def _meetings_line(db, project_id: int) -> str:
    sheet = evaluation_sheet(db, FY2025)
    return next(pe for pe in sheet.projects if pe.project.id == project_id).evidence.lines("meetings")[0]


def test_names_in_the_register_are_linked_and_renaming_follows(year_db) -> None:
    db, ids = year_db  # projects and meetings typed before the 名簿 had its committees
    assert get_project(db, ids["watch"]).data.committee_id is None
    welfare = save_committee(db, CommitteeInfo(name="福祉部会", furigana="ふくしぶかい")).value

    project = get_project(db, ids["watch"])  # linked by name from now on
    assert (project.data.committee_id, project.data.committee) == (welfare.id, "福祉部会")
    assert count_meetings(db, FY2025).for_committee(welfare.id) == 3

    typed = create_project(db, FY2025, ProjectData(name="配食サービス", item_code="2-2", committee="福祉 部会")).value
    with db.session() as s:  # stored with the link, spelled as the register spells it
        assert (s.get(Project, typed).committee_id, s.get(Project, typed).committee) == (welfare.id, "福祉部会")

    save_committee(db, replace(get_committee(db, welfare.id), name="福祉見守り部会"))
    assert get_project(db, typed).data.committee == "福祉見守り部会"
    assert {m.data.committee for m in list_meetings(db, FY2025)} == {"", "福祉見守り部会"}
    assert _meetings_line(db, ids["watch"]) == "会議・話し合い 5回（うち 福祉見守り部会 3回）"


def test_counts_go_by_the_link_not_by_the_old_name(year_db) -> None:
    db, ids = year_db
    welfare = save_committee(db, CommitteeInfo(name="福祉部会")).value
    with db.session.begin() as s:  # as the migration leaves them: linked rows
        for m in s.scalars(select(Meeting).where(Meeting.committee == "福祉部会")):
            m.committee_id = welfare.id
        s.get(Project, ids["watch"]).committee_id = welfare.id
    save_committee(db, replace(get_committee(db, welfare.id), name="見守り部会"))
    assert count_meetings(db, FY2025).for_committee(welfare.id) == 3
    assert count_meetings(db, FY2025).for_committee("福祉部会") == 0
    assert _meetings_line(db, ids["watch"]) == "会議・話し合い 5回（うち 見守り部会 3回）"


def test_a_name_outside_the_register_stays_text_and_is_still_counted(year_db) -> None:
    db, ids = year_db
    save_committee(db, CommitteeInfo(name="総務部会"))
    course = get_project(db, ids["course"])
    assert (course.data.committee_id, course.data.committee) == (None, "生涯学習部会")
    assert _meetings_line(db, ids["watch"]) == "会議・話し合い 5回（うち 福祉部会 3回）"


def test_removing_a_committee_leaves_its_last_name(year_db) -> None:
    db, ids = year_db
    welfare = save_committee(db, CommitteeInfo(name="福祉部会")).value
    create_project(db, FY2025, ProjectData(name="配食サービス", item_code="2-2", committee_id=welfare.id))
    remove_committee(db, welfare.id)
    with db.session() as s:
        row = s.scalars(select(Project).where(Project.name == "配食サービス")).one()
        assert (row.committee_id, row.committee) == (None, "福祉部会")
    assert _meetings_line(db, ids["watch"]) == "会議・話し合い 5回（うち 福祉部会 3回）"
