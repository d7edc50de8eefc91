"""Time the 施設 paths that grow with the years of bookings.  Run: python benchmarks/bench_facility.py

10 rooms × 3 slots × 10 fiscal years, about 100,000 bookings (each open slot held with a probability
of 0.9): the week view's data (rooms, bookings and closed days of 7 days) alone and loaded into the
grid's table model, a month's usage report with last year beside it, the year's usage report (data,
and written as xlsx and PDF) and the 指定管理業務報告書 data, each the median of 5 runs (3 for files).
Targets (issue 16): week ≤ 100 ms, month usage ≤ 1 s, year ≤ 2 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.reports.facility import build_usage_report  # noqa: E402
from app.reports.pdf_writer import write_pdf  # noqa: E402
from app.reports.xlsx_writer import write_xlsx  # noqa: E402
from app.services.facility.bookings import list_bookings  # noqa: E402
from app.services.facility.calendar import closed_days_between, new_year_holidays, set_closed  # noqa: E402
from app.services.facility.report_data import facility_report_data, usage_report_data  # noqa: E402
from app.services.facility.rooms import RoomData, add_room, list_rooms  # noqa: E402
from app.services.facility.users import UserData, add_user  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.models import Booking  # noqa: E402

YEARS = [FiscalYear(2016 + i) for i in range(10)]


def median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _grid_model():
    """The week view's table model, on an offscreen Qt (no window is shown)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.facility_grid import BookingGridModel

    global _app  # kept alive for the run
    _app = QApplication.instance() or QApplication([])
    return BookingGridModel()


_app = None


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "facility.sqlite")
        rooms = [add_room(db, RoomData(f"部屋{i + 1}", 30, ("午前", "午後", "夜間"), 500 + 100 * i))[0] for i in range(10)]
        users = [add_user(db, UserData(f"利用団体{i + 1}"))[0].id for i in range(40)]
        rng = random.Random(16)
        rows = []
        for fy in YEARS:
            set_closed(db, new_year_holidays(fy))
            day = fy.start
            while day <= fy.end:
                for room in rooms:
                    for slot in room.data.slots:
                        if rng.random() < 0.9:
                            rows.append({"used_on": day, "room_id": room.id, "slot": slot,
                                         "user_id": rng.choice(users), "purpose": "", "expected_people": 10,
                                         "actual_people": 9, "fee": 500, "full_fee": 500, "fee_reason": "",
                                         "status": "利用済", "cancel_reason": "", "group_key": "", "series_key": ""})
                day += timedelta(days=1)
        with db.session.begin() as session:
            session.execute(insert(Booking), rows)
        print(f"bookings: {len(rows):,}")
        first = date(2025, 6, 2)
        last = first + timedelta(days=6)

        def week() -> None:
            list_rooms(db, with_use=False)
            list_bookings(db, first, last, include_cancelled=False)
            closed_days_between(db, first, last)

        fy = YEARS[-1]
        grid = _grid_model()

        def week_grid() -> None:  # the week view as the window fills it: data, then the table model
            rooms = list_rooms(db, with_use=False)
            bookings = list_bookings(db, first, last, include_cancelled=False)
            grid.load(rooms, first, 7, bookings, closed_days_between(db, first, last))

        out = Path(tmp)
        results = [
            ("week view data (7 days)", median_ms(week), 100),
            ("week view data + grid model", median_ms(week_grid), 100),
            ("month usage report data (with last year)", median_ms(lambda: usage_report_data(db, fy, 6)), 1000),
            ("year usage report data (with last year)", median_ms(lambda: usage_report_data(db, fy)), 2000),
            ("year usage report, data + xlsx", median_ms(lambda: write_xlsx(
                build_usage_report(usage_report_data(db, fy)), out / "usage.xlsx"), 3), 2000),
            ("year usage report, data + PDF", median_ms(lambda: write_pdf(
                build_usage_report(usage_report_data(db, fy)), out / "usage.pdf"), 3), 2000),
            ("指定管理業務報告書 data (year)", median_ms(lambda: facility_report_data(db, fy), 3), 2000),
        ]
        for label, ms, target in results:
            print(f"{label:<45} {ms:8.1f} ms   target ≤ {target} ms  {'✔' if ms <= target else '✘'}")
        db.close()


if __name__ == "__main__":
    main()
