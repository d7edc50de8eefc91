"""Cost of data safety: change-log writes per saved row, backup and backup listing times.

    python benchmarks/bench_safety.py [--rows 3000]

Uses Body rows (audited) as a stand-in for the member rows an import writes in one transaction.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from app.services.backups import backup_now, list_backups
from app.storage.database import open_database
from app.storage.models import Body, ChangeLog


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite")
        start = time.perf_counter()
        with db.session.begin() as s:
            s.add_all(
                Body(name=f"架空{i}", address=f"岩手県一関市見本{i}番地", phone=f"0191-00-{i:04d}")
                for i in range(args.rows)
            )
        insert_s = time.perf_counter() - start
        start = time.perf_counter()
        with db.session.begin() as s:
            for body in s.scalars(select(Body)):
                body.phone = body.phone.replace("0191", "0192")
        update_s = time.perf_counter() - start
        with db.session() as s:
            logged = s.scalar(select(func.count()).select_from(ChangeLog))
        start = time.perf_counter()
        for _ in range(20):
            backup_now(db)
        backup_s = (time.perf_counter() - start) / 20
        start = time.perf_counter()
        infos = list_backups(db.path)
        list_s = time.perf_counter() - start
        size_kb = infos[0].size_bytes // 1024
        db.close()
    print(f"insert {args.rows} audited rows, one transaction : {insert_s * 1000:7.0f} ms")
    print(f"update {args.rows} audited rows, one transaction : {update_s * 1000:7.0f} ms")
    print(f"change-log rows written                        : {logged:7d}")
    print(f"one backup ({size_kb:,} KB copy)                 : {backup_s * 1000:7.1f} ms")
    print(f"list {len(infos)} backups with row counts            : {list_s * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
