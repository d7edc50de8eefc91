"""Key figures from 事業・会議 and 自己評価: 事業数, 会議回数 per kind, and the grades given."""

from __future__ import annotations

from collections import Counter

from app.domain.fiscal_year import FiscalYear
from app.domain.plan import GRADES
from app.services.projects.evaluation import evaluation_sheet
from app.services.projects.meetings import count_meetings
from app.services.projects.projects import list_projects
from app.services.submission.figures import Figure
from app.storage.database import Database


def project_figures(db: Database, year: FiscalYear) -> list[Figure]:
    return [Figure("事業", "事業数", len(list_projects(db, year)))]


def meeting_figures(db: Database, year: FiscalYear) -> list[Figure]:
    counts = count_meetings(db, year)
    return [Figure("会議回数", kind, n) for kind, n in counts.by_kind.items()] + [
        Figure("会議回数", "合計", counts.total)
    ]


def grade_figures(db: Database, year: FiscalYear) -> list[Figure]:
    """How many A, B, C, D the year's evaluations (projects and the body) gave, and how many are
    still ungraded: the grade profile city hall compares."""
    sheet = evaluation_sheet(db, year)
    states = [pe.state for pe in sheet.projects] + [sheet.body]
    given = Counter(s.entry(c.key).grade for s in states for c in s.criteria)
    figures = [Figure("自己評価", f"{g.letter}（{g.meaning}）", given.get(g.letter, 0)) for g in GRADES]
    return figures + [Figure("自己評価", "未評価", given.get("", 0))]
