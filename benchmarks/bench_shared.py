"""Several PCs on one PostgreSQL server: the issue-17 figures, on a loopback server.

    bash scripts/test_postgres.sh --run .venv/bin/python benchmarks/bench_shared.py
    KYODO_TEST_DB=postgresql://USER@127.0.0.1:PORT/postgres python benchmarks/bench_shared.py

KYODO_TEST_DB names a server where the user may CREATE DATABASE (the script makes its own, and drops
them). It prints:
- opening the 50,000-entry cash book as the window's tab reads it (order + running balance by SQL window
  function, then one screen of lines), every line as exports read it, and a search; median of 5, on the
  SQLite file and on the server, and their ratio (target: ≤ 1.5×);
- one edit's commit (a 構成団体 saved through the service, as the 名簿 dialog saves it), median and
  95th percentile of 200 (target: median ≤ 30 ms);
- 10 processes × 200 edits at once on the same 20 organisations: each edit reads the record, adds 1
  to 会員数 and saves with the version it read, and on a conflict reads again and retries. Every
  landed edit is counted: the sum of 会員数 must equal the number of landed edits (no lost update).
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from app.services.accounts.ledger import ledger_rows  # noqa: E402
from app.services.accounts.ledger_window import BookScope, book_index, entries_by_id, matching_ids  # noqa: E402
from app.services.members.kinds import list_member_kinds  # noqa: E402
from app.services.members.organisations import (  # noqa: E402
    Organisation,
    get_organisation,
    list_organisations,
    save_organisation,
)
from app.services.records import EditConflict  # noqa: E402
from app.storage.copy import copy_rows  # noqa: E402
from app.storage.database import Database, open_database  # noqa: E402
from app.storage.postgres import postgres_engine, prepare_server  # noqa: E402
from benchmarks.bench_accounts import fill  # noqa: E402

FY = FiscalYear(2025)
ENTRIES = 50_000
EDITS = 200
PROCESSES = 10
SHARED_RECORDS = 20


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms   95% {p95 * 1000:6.1f} ms"


def _median_time(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Server:
    """Databases of this run on the KYODO_TEST_DB server, dropped at the end."""

    def __init__(self, url: str):
        self.url = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def new(self) -> str:
        name = f"kyodo_bench_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as con:
            con.execute(text(f"CREATE DATABASE {name}"))
        self.names.append(name)
        return self.url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as con:
            for name in self.names:
                con.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        self.admin.dispose()


def bench_open(server: Server, tmp: Path) -> None:
    local = open_database(tmp / "big.sqlite")
    fill(local, FY, ENTRIES)
    url = server.new()
    remote = Database(prepare_server(url, create=True))
    copy_rows(local.engine, remote.engine, replace=True)
    assert ledger_rows(remote, FY) == ledger_rows(local, FY)  # the same book on both

    def window_read(db: Database) -> None:  # what the 出納簿 tab reads: order + balances, one screen
        index = book_index(db, BookScope(FY))
        entries_by_id(db, BookScope(FY), index.ids[-200:])

    for label, read in (("cash book opens in the window", window_read),
                        ("every line with balance (exports)", lambda db: ledger_rows(db, FY)),
                        ("search 「摘要 12」", lambda db: matching_ids(db, BookScope(FY), "摘要 12"))):
        on_file = _median_time(lambda read=read: read(local))
        on_server = _median_time(lambda read=read: read(remote))
        print(f"50,000 entries: {label:<34} SQLite {on_file:6.3f} s   PostgreSQL {on_server:6.3f} s"
              f"   ratio {on_server / on_file:4.2f}× (target ≤ 1.5×)")  # fmt: skip
    local.close()
    remote.close()


def _organisations(db: Database, n: int) -> list[int]:
    kind = list_member_kinds(db)[0].id
    return [save_organisation(db, Organisation(kind_id=kind, name=f"自治会{i:03}", member_count=0)).value.id
            for i in range(n)]  # fmt: skip


def bench_commit(server: Server) -> None:
    url = server.new()
    db = Database(prepare_server(url, create=True))
    ids = _organisations(db, 50)
    times = []
    for i in range(EDITS):
        org = get_organisation(db, ids[i % len(ids)])
        assert org is not None
        start = time.perf_counter()
        save_organisation(db, replace(org, note=f"変更 {i}"))
        times.append(time.perf_counter() - start)
    print(f"one edit's commit ({EDITS} edits, one PC)          {_ms(times)}   (target median ≤ 30 ms)")
    db.close()


def _editor(url: str, ids: list[int], seed: int, out: multiprocessing.Queue) -> None:
    db = Database(postgres_engine(url))
    landed, conflicts, times = 0, 0, []
    for i in range(EDITS):
        record_id = ids[(seed * 7 + i) % len(ids)]
        while True:
            org = get_organisation(db, record_id)
            assert org is not None
            start = time.perf_counter()
            try:
                save_organisation(db, replace(org, member_count=(org.member_count or 0) + 1))
            except EditConflict:
                conflicts += 1
                continue  # another PC saved first: read again and add 1 to what is stored now
            times.append(time.perf_counter() - start)
            landed += 1
            break
    db.close()
    out.put((landed, conflicts, times))


def bench_concurrent(server: Server) -> None:
    url = server.new()
    db = Database(prepare_server(url, create=True))
    ids = _organisations(db, SHARED_RECORDS)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    start = time.perf_counter()
    workers = [multiprocessing.Process(target=_editor, args=(url, ids, n, queue)) for n in range(PROCESSES)]
    for w in workers:
        w.start()
    results = [queue.get() for _ in workers]
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    landed = sum(r[0] for r in results)
    conflicts = sum(r[1] for r in results)
    times = [t for r in results for t in r[2]]
    stored = sum(o.member_count or 0 for o in list_organisations(db) if o.id in ids)
    print(f"{PROCESSES} processes × {EDITS} edits on {SHARED_RECORDS} shared records: {elapsed:5.1f} s, "
          f"{landed} landed, {conflicts} conflicts retried, 会員数 total {stored} → "
          f"{'no lost update' if stored == landed == PROCESSES * EDITS else 'LOST UPDATES'}")  # fmt: skip
    print(f"  commit time under contention                      {_ms(times)}")
    db.close()


def main() -> int:
    url = os.environ.get("KYODO_TEST_DB", "")
    if not url.startswith("postgres"):
        print("KYODO_TEST_DB=postgresql://USER@HOST:PORT/postgres が必要です（scripts/test_postgres.sh --run で起動できます）。",
              file=sys.stderr)  # fmt: skip
        return 2
    server = Server(url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            bench_open(server, Path(tmp))
        bench_commit(server)
        bench_concurrent(server)
    finally:
        server.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
