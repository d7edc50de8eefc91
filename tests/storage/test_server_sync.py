"""Several PCs on one server: year-wide work is one at a time, and changes reach the other windows."""

from __future__ import annotations

import time

import pytest

from app.services.facility.rooms import RoomData, add_room
from app.storage.database import Database
from app.storage.postgres import postgres_engine
from app.storage.server_sync import ChangeListener, YearWideWorkBusy, announce_changes, year_wide_lock
from tests import postgres_support

pytestmark = pytest.mark.skipif(not postgres_support.on_postgres(), reason="KYODO_TEST_DB is not a PostgreSQL URL")


@pytest.fixture
def server_url():
    name, url = postgres_support.new_database()
    yield url
    postgres_support.drop_database(name)


def test_a_second_pc_is_told_who_runs_the_import(server_url):
    pc_a, pc_b = postgres_engine(server_url), postgres_engine(server_url)
    with year_wide_lock(pc_a, "import", "名簿の取り込み"), \
            pytest.raises(YearWideWorkBusy, match=r"^\S+@\S+ が名簿の取り込みを実行中です"), \
            year_wide_lock(pc_b, "import", "名簿の取り込み"):
        pass
    with year_wide_lock(pc_b, "import", "名簿の取り込み"):  # free again once the first is done
        pass
    pc_a.dispose()
    pc_b.dispose()


def test_a_commit_on_one_pc_reaches_the_listener_of_another(server_url):
    writer = Database(postgres_engine(server_url))
    announce_changes(writer.session)
    listener = ChangeListener(postgres_engine(server_url))
    assert listener.poll() == set()
    add_room(writer, RoomData("会議室1"))
    seen: set[str] = set()
    deadline = time.monotonic() + 5  # the window polls every few seconds; here, until it arrives
    while not seen and time.monotonic() < deadline:
        seen = listener.poll()
        time.sleep(0.05)
    assert seen == {"room"}
    assert listener.poll() == set()  # delivered once
    listener.close()
    writer.close()
