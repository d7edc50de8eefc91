"""The submission's 施設利用 sheet and what city hall makes of it: each centre's 利用件数, 利用者数 and
稼働率 in the 集計, the city's totals, and older submissions (made before the sheet) still totalled
with those cells blank."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli import main
from app.storage.models import Booking, ClosedDay, Room
from tests.postgres_support import fresh_database, open_target
from tests.submission.conftest import BODIES, YEAR

FACILITY_HEADERS = ("施設\n利用件数", "施設\n利用者数", "施設\n使用コマ", "施設\n開館コマ")


def _own_usage(db_path: Path | str) -> dict[str, int]:
    """The year's use straight from the body's database: a 件 is one room, day and user; its people
    the largest count of its slots (actual, else expected); slots held by bookings not cancelled;
    open slots = days not closed × the slots of the rooms that count toward 稼働率."""
    db = open_target(db_path)
    try:
        with db.session() as s:
            rooms = {r.id: r for r in s.scalars(select(Room))}
            closed = set(s.scalars(select(ClosedDay.day).where(ClosedDay.day.between(YEAR.start, YEAR.end))))
            bookings = s.scalars(
                select(Booking).where(Booking.used_on.between(YEAR.start, YEAR.end), Booking.status != "取消")
            ).all()
            visits: dict[tuple[int, date, int], int] = defaultdict(int)
            used = 0
            for b in bookings:
                people = b.actual_people if b.actual_people is not None else (b.expected_people or 0)
                key = (b.room_id, b.used_on, b.user_id)
                visits[key] = max(visits[key], people)
                used += rooms[b.room_id].counts_for_rate
            open_days = sum(
                1 for n in range((YEAR.end - YEAR.start).days + 1) if YEAR.start + timedelta(n) not in closed
            )
            booked_rooms = {b.room_id for b in bookings}
            counted = [r for r in rooms.values() if r.counts_for_rate and (not r.retired or r.id in booked_rooms)]
            open_slots = open_days * sum(len([x for x in r.slots.split(",") if x]) for r in counted)
    finally:
        db.close()
    return {"count": len(visits), "people": sum(visits.values()), "used": used, "open": open_slots}


def _summary_rows(ws) -> tuple[list[str], dict[str, dict[str, object]]]:
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "地域協働体名")
    headers = [str(h) for h in rows[head]]
    return headers, {r[0]: dict(zip(headers, r, strict=False)) for r in rows[head + 1 :] if r[0]}


def test_the_workbook_has_a_facility_sheet_whose_total_row_is_the_centres_year(submitted) -> None:
    body = submitted[BODIES[0]]
    ws = load_workbook(body.workbook)["施設利用"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "部屋")
    headers = list(rows[head])
    assert headers[:6] == ["部屋", "利用件数", "利用者数", "使用コマ", "開館コマ", "稼働率"]
    rooms = [dict(zip(headers, r, strict=False)) for r in rows[head + 1 :] if r[0] and r[0] != "合計"]
    total = dict(zip(headers, next(r for r in rows if r[0] == "合計"), strict=False))
    own = _own_usage(body.target)
    assert len(rooms) >= 5 and own["count"] > 100  # the demo's five rooms, a year of bookings
    assert sum(r["利用件数"] for r in rooms) == own["count"]
    assert sum(r["利用者数"] for r in rooms) == own["people"]
    assert str(total["利用件数"]).startswith("=SUM(")  # the city can check the total
    assert (total["使用コマ"], total["開館コマ"]) == (own["used"], own["open"])
    assert str(total["稼働率"]).startswith("=") and "/" in total["稼働率"]  # 使用コマ ÷ 開館コマ, checkable
    cached = load_workbook(body.workbook, data_only=True)["施設利用"]  # the app's figure stored with it
    rate = next(r for r in cached.iter_rows(values_only=True) if r[0] == "合計")[headers.index("稼働率")]
    assert rate == pytest.approx(own["used"] / own["open"])
    assert ws.page_setup.orientation == "landscape"


@pytest.fixture(scope="module")
def city_with_an_old_submission(submitted, tmp_path_factory, monkeypatch_module):
    """The three bodies' submissions plus one made the way submissions were before 施設利用 existed."""
    root = tmp_path_factory.mktemp("old")
    with fresh_database(root / "むかし野.sqlite") as old_db:
        yield _old_and_new(submitted, root, old_db, monkeypatch_module)


def _old_and_new(submitted, root: Path, old_db: Path | str, monkeypatch_module) -> Path:
    from app.services.submission import parts

    assert main(["demo", "--db", str(old_db), "--body", "むかし野地域協働体"]) == 0
    monkeypatch_module.setattr(parts, "PARTS", tuple(p for p in parts.PARTS if p.sheet != "施設利用"))
    inbox = next(iter(submitted.values())).folder.parent
    old_folder = root / "inbox" / "むかし野"
    assert main(["submit", "--db", str(old_db), "--year", str(YEAR.year), "--out", str(old_folder)]) == 0
    monkeypatch_module.undo()
    old_book = next(old_folder.glob("*.xlsx"))
    assert "施設利用" not in load_workbook(old_book).sheetnames
    out = root / "集計.xlsx"
    assert main(["aggregate", str(inbox), str(old_folder), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_the_city_summary_carries_each_centres_use_and_leaves_old_submissions_blank(
    submitted, city_with_an_old_submission
) -> None:
    wb = load_workbook(city_with_an_old_submission)
    headers, rows = _summary_rows(wb["集計"])
    assert [h for h in headers if h.startswith("施設")] == [*FACILITY_HEADERS, "施設\n稼働率"]
    for name in BODIES:
        own = _own_usage(submitted[name].target)
        row = rows[name]
        assert [row[h] for h in FACILITY_HEADERS] == [own["count"], own["people"], own["used"], own["open"]]
        assert str(row["施設\n稼働率"]).startswith("=")  # 使用コマ ÷ 開館コマ as a formula
    old = rows["むかし野地域協働体"]
    assert old["構成団体数"] and old["収入合計"]  # accepted and totalled …
    assert all(old[h] is None for h in (*FACILITY_HEADERS, "施設\n稼働率"))  # … its facility cells blank
    assert list(wb["問題"].iter_rows(values_only=True))[-1][0] == "（問題のあるファイルはありません）"


@pytest.mark.libreoffice
def test_the_city_totals_and_rates_recalculate(submitted, city_with_an_old_submission, tmp_path) -> None:
    from tests.helpers.libreoffice import recalculated

    ws = load_workbook(recalculated(city_with_an_old_submission, tmp_path), data_only=True)["集計"]
    _headers, rows = _summary_rows(ws)
    total = next(r for name, r in rows.items() if str(name).startswith("市合計"))
    owns = [_own_usage(submitted[name].target) for name in BODIES]
    for header, key in zip(FACILITY_HEADERS, ("count", "people", "used", "open"), strict=True):
        assert total[header] == sum(o[key] for o in owns)
    for name, own in zip(BODIES, owns, strict=True):
        assert rows[name]["施設\n稼働率"] == pytest.approx(own["used"] / own["open"])
    city_rate = sum(o["used"] for o in owns) / sum(o["open"] for o in owns)
    assert total["施設\n稼働率"] == pytest.approx(city_rate)  # not the mean of the centres' rates
