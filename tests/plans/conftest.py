"""令和7年度 with two projects, five meetings and a balanced budget: the year the 総会 closes."""

from __future__ import annotations

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import list_categories
from tests.projects.conftest import year_db  # noqa: F401 - the year of projects and meetings
from tests.ui.conftest import open_window  # noqa: F401 - the window fixture, for the GUI walk

FY2025 = FiscalYear(2025)
FY2026 = FiscalYear(2026)


@pytest.fixture
def cats(db) -> dict[str, int]:
    return {c.name: c.id for c in list_categories(db)}


@pytest.fixture
def budget_db(year_db, cats):  # noqa: F811 - the imported fixture
    """year_db with a 当初予算 for 令和7年度: 収入 1,000,000 = 支出 1,000,000."""
    db, ids = year_db
    save_budget(db, FY2025, {cats["指定管理料（市からの管理費）"]: 800_000, cats["会費"]: 200_000,
                             cats["光熱水費"]: 600_000, cats["事業費"]: 400_000})
    return db, ids


CHAIR_PHONE = "090-1111-2222"


@pytest.fixture
def officers_db(budget_db):
    """budget_db with a 会長 and a 会計 whose terms end on 令和8年3月31日, and a newcomer."""
    from datetime import date

    from app.services.members.officers import Term, add_office_post, list_office_posts, save_term
    from app.services.members.people import Member, save_person

    db, ids = budget_db
    posts = {p.name: p.id for p in list_office_posts(db)}
    for name in ("会長", "会計"):
        if name not in posts:
            posts[name] = add_office_post(db, name).value.id
    chair = save_person(db, Member(name="試験 花子", furigana="しけん はなこ", phone=CHAIR_PHONE)).value
    treasurer = save_person(db, Member(name="架空 一郎", furigana="かくう いちろう")).value
    newcomer = save_person(db, Member(name="新人 三郎", furigana="しんじん さぶろう", phone="080-3333-4444")).value
    for post, person in (("会長", chair), ("会計", treasurer)):
        save_term(db, Term(post_id=posts[post], person_id=person.id, start_on=date(2024, 4, 1), end_on=date(2026, 3, 31)))
    return db, {**ids, "chair": chair.id, "treasurer": treasurer.id, "newcomer": newcomer.id}


@pytest.fixture
def many_projects_db(officers_db):
    """officers_db with 60 projects of 令和7年度 (long 目標: the plan's table runs over several pages)
    and next year's drafts made."""
    from app.services.projects.plans import make_next_plan
    from app.services.projects.projects import ProjectData, create_project

    db, ids = officers_db
    for i in range(58):
        create_project(db, FY2025, ProjectData(
            name=f"地域の事業その{i + 1}", item_code=("1-1", "2-2", "3-1")[i % 3], committee="福祉部会",
            goal="地域の課題を話し合い、住民が互いに支え合う仕組みをつくる。" * (1 + i % 3),
            target_label="参加者数", target_value=20 + i, unit="人", budget=10_000 * (i + 1)))
    make_next_plan(db, FY2025)
    return db, ids
