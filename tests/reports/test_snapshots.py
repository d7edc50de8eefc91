"""Snapshots of every report's data, built from the demo database on a fixed day.

They pin what each report says (title, columns, rows, totals and their formulas): a change to how
report data is gathered must leave them as they are, and a deliberate change shows in the diff of
tests/snapshots/*.json (update with KYODO_UPDATE_SNAPSHOTS=1, review, commit).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.demo.create import create_demo
from app.services.settings import PRINT_STAMP_BOXES, write_setting
from app.storage.database import Database
from tests.helpers.snapshots import assert_snapshot, report_data
from tests.postgres_support import fresh_database, open_target

TODAY = date(2025, 11, 15)  # the demo's "today" and the reports' 作成日
YEAR = FiscalYear(2025)

KINDS = [
    ("members", "full"), ("members", "public"),
    ("officers", "full"), ("officers", "public"),
    ("budget", "full"), ("settlement", "full"),
    ("ledger", "full"), ("ledger", "public"),
    ("evaluation", "full"), ("evaluation", "public"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, _postgres_template: bool) -> Iterator[Database]:
    with fresh_database(Path(tmp_path_factory.mktemp("snapshots")) / "demo.sqlite") as target:
        db = open_target(target)
        create_demo(db, today=TODAY)
        write_setting(db, PRINT_STAMP_BOXES, ("会長", "会計", "監事"))  # so the snapshots pin the 印 boxes too
        yield db
        db.close()


@pytest.mark.parametrize(("kind", "profile"), KINDS)
def test_report_data_is_unchanged(demo: Database, kind: str, profile: str) -> None:
    from app.services.reports import build_report

    assert_snapshot(f"{kind}_{profile}", report_data(build_report(demo, kind, YEAR, profile, today=TODAY)))


def test_submission_sheets_are_unchanged(demo: Database) -> None:
    from app.services.submission.build import build_parts
    from app.services.submission.figures import collect_figures

    built = build_parts(demo, YEAR, collect_figures(demo, YEAR), today=TODAY)
    assert [b.part.sheet for b in built] == ["団体概要", "構成団体", "役員", "収支予算書", "収支決算書", "事業実績", "自己評価", "施設利用"]
    for n, b in enumerate(built, 1):
        sheets = [name for name, _table in b.sheets()]
        assert_snapshot(f"submission_{n}_{b.part.sheet}", report_data(b.report, sheets))
