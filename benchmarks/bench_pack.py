"""Time the 総会資料 for a large body: 60 projects, 120 meetings and 5,000 cash-book entries in the
year the 総会 closes, next year's drafts made.  Run: python benchmarks/bench_pack.py [--runs 3]

Times `export_report(db, "pack", …)` (gathering in one read, shaping, writing) for the PDF (laid
out twice for the 目次's page numbers) and the workbook; the target is ≤ 3 s each. Median of
--runs; nothing here is a test (CI times nothing).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.services.accounts.budgets import save_budget  # noqa: E402
from app.services.accounts.categories import list_categories  # noqa: E402
from app.services.accounts.ledger import EntryInput, add_entries  # noqa: E402
from app.services.profile import Profile, save_profile  # noqa: E402
from app.services.projects.meetings import MEETING_KINDS, MeetingData, create_meeting  # noqa: E402
from app.services.projects.plans import make_next_plan  # noqa: E402
from app.services.projects.projects import ProjectData, create_project  # noqa: E402
from app.services.reports import export_report  # noqa: E402
from app.storage.database import Database, open_database  # noqa: E402

FY = FiscalYear(2025)
TARGET_SECONDS = 3.0


def fill(db: Database, projects: int, meetings: int, entries: int) -> None:
    rng = random.Random(15)
    save_profile(db, Profile(name="大規模地域協働体", centre_name="大規模市民センター"))
    cats = [c for c in list_categories(db) if not c.is_carry_forward]
    save_budget(db, FY, {c.id: 1_000_000 if c.kind == "income" else 500_000 for c in cats})
    for i in range(projects):
        create_project(db, FY, ProjectData(
            name=f"事業{i + 1}", item_code=("1-1", "1-2", "2-1", "2-2", "3-1")[i % 5], committee="総務部会",
            goal="地域の課題を住民同士で話し合い、解決に向けた取り組みを進める。" * (1 + i % 3),
            target_label="参加者数", target_value=30 + i, result_value=25 + i, unit="人", budget=50_000 + i * 1000))
    for i in range(meetings):
        create_meeting(db, FY, MeetingData(held_on=FY.start + timedelta(days=i * 3), kind=MEETING_KINDS[i % 5],
                                           committee="総務部会", title=f"会議{i + 1}", attendees=10 + i % 20))
    inputs = []
    for i in range(entries):
        c = rng.choice(cats)
        inputs.append(EntryInput(FY.start + timedelta(days=rng.randint(0, 364)), c.kind, c.id,
                                 rng.randint(100, 50_000), f"摘要 {i}"))
    add_entries(db, FY, inputs)
    make_next_plan(db, FY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--meetings", type=int, default=120)
    parser.add_argument("--entries", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "big.sqlite")
        fill(db, args.projects, args.meetings, args.entries)
        print(f"総会資料: {args.projects} projects, {args.meetings} meetings, {args.entries:,} entries "
              f"(median of {args.runs}; target ≤ {TARGET_SECONDS:.0f} s)")
        for fmt in ("pdf", "xlsx"):
            times = []
            for n in range(args.runs):
                start = time.perf_counter()
                export_report(db, "pack", FY, fmt, Path(tmp) / f"pack{n}.{fmt}")  # type: ignore[arg-type]
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            verdict = "ok" if median <= TARGET_SECONDS else "SLOWER THAN TARGET"
            print(f"  export pack --format {fmt:<5} {median:6.2f} s  ({verdict})")
        db.close()


if __name__ == "__main__":
    main()
