"""Other PCs' changes reach a window: two Office objects on the same data, one writes, the other's
watcher names what changed (SQLite: the writer holds the file and the other reads it; PostgreSQL:
both write, NOTIFY carries the tables, and nobody is told of their own commits)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.changes import (
    BOOKS,
    EVERYTHING,
    MONEY_ACCOUNTS,
    OFFICERS,
    ORGANISATIONS,
    PEOPLE,
    PLANS,
    SETTINGS,
    YEARS,
    Changes,
)
from app.services.fiscal_years import add_fiscal_year
from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, save_organisation
from app.services.members.people import Member, save_person
from app.services.office import Office
from app.services.remote_changes import RemoteChanges, changes_of_tables, watch
from app.services.settings import BACKUP_KEEP_COUNT, Settings
from tests import postgres_support


@pytest.fixture
def target(tmp_path) -> Iterator[str]:
    """Where both PCs open the office: the file, or a server database of this test's own."""
    if postgres_support.on_postgres():
        postgres_support.make_template()
        name, url = postgres_support.new_database()
        yield url
        postgres_support.drop_database(name)
    else:
        yield str(tmp_path / "kyodo.sqlite")


def _arrived(watcher: RemoteChanges) -> Changes:
    """Poll as the window's timer does, until something arrives (NOTIFY crosses a socket)."""
    deadline = time.monotonic() + 10
    found = Changes()
    while not found and time.monotonic() < deadline:
        found = watcher.poll()
        time.sleep(0.05)
    return found


def test_what_one_pc_saves_reaches_the_other_pcs_window_as_areas(target) -> None:
    with Office.open(target) as pc_a, Office.open(target) as pc_b:
        watcher = watch(pc_b.db)
        assert watcher is not None
        assert watcher.poll() == Changes()
        kind = list_member_kinds(pc_a.db)[0].id
        save_organisation(pc_a.db, Organisation(kind_id=kind, name="青葉自治会"))
        seen = _arrived(watcher)
        assert seen.touches(ORGANISATIONS) and not seen.touches(PEOPLE) and seen.remote
        assert watcher.poll() == Changes()  # told once
        save_person(pc_a.db, Member(name="見本一郎"))
        assert _arrived(watcher).areas == {PEOPLE}
        watcher.close()


def test_a_write_the_change_log_does_not_name_reloads_everything(target) -> None:
    with Office.open(target) as pc_a, Office.open(target) as pc_b:
        watcher = watch(pc_b.db)
        assert watcher is not None
        add_fiscal_year(pc_a.db, FiscalYear(2020))  # the list of 年度 is not in the change log
        seen = _arrived(watcher)
        assert seen.touches(EVERYTHING) if not postgres_support.on_postgres() else seen.areas == {YEARS}
        watcher.close()


def test_a_setting_another_pc_saves_names_the_settings(target) -> None:
    """Settings are in the change log (a save over another PC's says who changed it): on the file
    as on the server, the settings are what changed, not everything."""
    with Office.open(target) as pc_a, Office.open(target) as pc_b:
        watcher = watch(pc_b.db)
        assert watcher is not None
        Settings(pc_a.db).set(BACKUP_KEEP_COUNT, 7)
        assert _arrived(watcher).areas == {SETTINGS}
        watcher.close()


def test_on_the_server_a_window_is_not_told_of_its_own_commits(target) -> None:
    if not postgres_support.on_postgres():
        pytest.skip("a SQLite file has one writer: it watches nothing")
    with Office.open(target) as pc_a:
        own = watch(pc_a.db)
        assert own is not None
        save_person(pc_a.db, Member(name="見本一郎"))
        time.sleep(0.5)  # NOTIFY would have arrived by now on the loopback
        assert own.poll() == Changes()
        own.close()


@pytest.mark.sqlite_only
def test_the_writer_of_a_file_watches_nothing(tmp_path) -> None:
    with Office.open(tmp_path / "kyodo.sqlite") as writer:
        assert writer.holds_lock and watch(writer.db) is None


def test_tables_map_to_the_screens_areas() -> None:
    assert changes_of_tables(["ledger_entry", "change_log"]).areas == {"ledger"}
    assert changes_of_tables(["a_table_of_a_newer_version"]).touches(EVERYTHING)
    assert changes_of_tables(["year_plan", "officer_proposal"]).areas == {PLANS, OFFICERS}
    assert changes_of_tables(["account_book", "money_account", "passbook_check"]).areas == {BOOKS, MONEY_ACCOUNTS}


def test_every_table_of_this_version_has_its_screen_area() -> None:
    """A table missing from the map makes another PC's every change to it reload every screen."""
    from app.services.remote_changes import table_areas
    from app.storage.models import Base

    assert sorted(set(Base.metadata.tables) - set(table_areas())) == []


def test_another_pcs_plan_change_reaches_only_the_plan_screens(target) -> None:
    from datetime import date

    from app.domain.fiscal_year import FiscalYear
    from app.services.projects.plans import make_next_plan, set_meeting
    from app.services.projects.projects import ProjectData, create_project

    with Office.open(target) as pc_a, Office.open(target) as pc_b:
        create_project(pc_a.db, FiscalYear(2025), ProjectData(name="ふるさと祭り", item_code="1-1"))
        make_next_plan(pc_a.db, FiscalYear(2025))  # 令和8年度の計画（案）
        watcher = watch(pc_b.db)
        assert watcher is not None
        set_meeting(pc_a.db, FiscalYear(2026), date(2026, 5, 24), "市民センター大会議室")
        assert _arrived(watcher).areas == {PLANS}
        watcher.close()
