"""Time the demo step and the 自己評価シート for a large year.  Run: python benchmarks/bench_evaluation.py

A big body: 60 projects fully graded and 120 meetings in one year (the demo has 10 and 20–30).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.services.demo.create import create_demo  # noqa: E402
from app.services.projects.evaluation import evaluation_sheet, get_evaluation, set_grade  # noqa: E402
from app.services.projects.meetings import MeetingData, create_meeting  # noqa: E402
from app.services.projects.projects import ProjectData, create_project  # noqa: E402
from app.services.reports import export_report  # noqa: E402
from app.storage.database import open_database  # noqa: E402

YEAR = FiscalYear(2030)


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:6.2f} s")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite")
        timed("kyodo demo (3 years, all steps)", lambda: create_demo(db, today=date(2026, 11, 29)))

        def big_year() -> None:
            for i in range(60):
                pid = create_project(db, YEAR, ProjectData(
                    name=f"事業{i}", item_code=("1-1", "2-2", "3-2")[i % 3], committee=f"第{i % 6}部会",
                    target_value=100, result_value=80 + i % 40, unit="人", budget=50_000, actual_cost=45_000)).value
                for c in get_evaluation(db, YEAR, pid).criteria:
                    set_grade(db, YEAR, pid, c.key, "ABCD"[i % 4], "コメント")
            for i in range(120):
                create_meeting(db, YEAR, MeetingData(held_on=date(2030, 4 + i % 9, 1 + i % 28), kind="部会",
                                                     committee=f"第{i % 6}部会"))

        timed("60 projects × 6 grades + 120 meetings", big_year)
        timed("evaluation_sheet (60 projects)", lambda: evaluation_sheet(db, YEAR))
        timed("export xlsx (60 projects)", lambda: export_report(db, "evaluation", YEAR, "xlsx", Path(tmp) / "e.xlsx"))
        timed("export pdf (60 projects)", lambda: export_report(db, "evaluation", YEAR, "pdf", Path(tmp) / "e.pdf"))
        db.close()


if __name__ == "__main__":
    main()
