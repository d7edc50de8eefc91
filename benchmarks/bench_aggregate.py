"""Time city hall's 集計 of 40 submissions (and one body's submission). Run:
    python benchmarks/bench_aggregate.py [N]

Setup (not timed): one demo body, copied N times under different body names, each copy submitting
last year's files through the real service (workbook, PDFs, manifest).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.reports.city_summary import write_city_summary  # noqa: E402
from app.services.city.aggregate import aggregate  # noqa: E402
from app.services.demo.create import create_demo  # noqa: E402
from app.services.profile import get_profile, save_profile  # noqa: E402
from app.services.submission.create import create_submission  # noqa: E402
from app.storage.database import open_database  # noqa: E402


def main(n: int = 40) -> None:
    year = FiscalYear.current().previous()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = root / "template.sqlite"
        db = open_database(template)
        create_demo(db, "見本地域協働体")
        db.close()
        inbox = root / "受信"
        one = None
        for i in range(n):
            path = root / f"body{i}.sqlite"
            shutil.copy(template, path)
            db = open_database(path)
            save_profile(db, replace(get_profile(db), name=f"第{i + 1:02d}地域協働体"))
            start = time.perf_counter()
            create_submission(db, year, inbox / f"{i:02d}", accept_warnings=True)
            one = one or time.perf_counter() - start
            db.close()
        print(f"one body's submission (workbook, 7 PDFs, manifest): {one:.2f} s")
        start = time.perf_counter()
        result = aggregate([inbox])
        read = time.perf_counter() - start
        write_city_summary(result, root / "集計.xlsx")
        total = time.perf_counter() - start
        assert len(result.bodies) == n and not result.problems, result.problems
        print(f"aggregate {n} submissions: read and check {read:.2f} s, with the city workbook {total:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
