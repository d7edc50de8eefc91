"""A 200,000-row 名簿 (roster) or 現金出納簿 (cash book) import through the command line, in its own
process: wall time, peak memory (the child's max RSS) and how many change-log rows it wrote.

    python benchmarks/bench_large_import.py [--rows 200000] [--format csv|xlsx] [--kind members|ledger]
                                            [--checkout DIR]

Issue 14's target: ≤ 600 MB peak with one change-log entry per imported batch.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["氏名", "ふりがな", "区分", "電話", "郵便番号", "住所", "加入日", "名簿掲載の同意", "備考"]
LEDGER_HEADERS = ["日付", "費目", "摘要", "相手先", "収入", "支出"]
EXPENSES = ["消耗品費", "光熱水費", "通信運搬費", "事業費", "雑費", "印刷製本費"]


def _row(i: int) -> list[object]:
    return [f"会員 {i:06d}", "かいいん", "個人会員", f"0191-2{i % 10}-{i % 10000:04d}", f"029-{i % 10000:04d}",
            f"岩手県一関市見本町{i % 500}番地", "2020/4/1", "はい" if i % 3 else "いいえ", ""]  # fmt: skip


def _ledger_row(i: int) -> list[object]:
    """Entries spread over 令和7年度, a 会費 now and then, the rest expenses (the balance stays positive)."""
    month = 4 + i * 12 // ROWS_IN_YEAR
    day = f"{2025 if month <= 12 else 2026}/{(month - 1) % 12 + 1}/{1 + i % 28}"
    if i % 10 == 0:
        return [day, "会費", f"会費 {i:06d}", f"会員 {i:06d}", 5000, None]
    return [day, EXPENSES[i % len(EXPENSES)], f"支払 {i:06d}", f"商店 {i % 300}", None, 100 + i % 400]


ROWS_IN_YEAR = 200_000  # set from --rows


def write_roster(path: Path, rows: int, kind: str = "members") -> None:
    headers, row = (HEADERS, _row) if kind == "members" else (LEDGER_HEADERS, _ledger_row)
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(headers)
            out.writerows(row(i) for i in range(rows))
        return
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名簿" if kind == "members" else "出納簿")
    ws.append(headers)
    for i in range(rows):
        ws.append(row(i))
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--kind", choices=["members", "ledger"], default="members")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose app/ is measured")
    args = parser.parse_args()
    global ROWS_IN_YEAR
    ROWS_IN_YEAR = args.rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster, db = folder / f"{'名簿' if args.kind == 'members' else '出納簿'}.{args.format}", folder / "kyodo.sqlite"
        start = time.perf_counter()
        write_roster(roster, args.rows, args.kind)
        print(f"{args.rows:,} rows written as {args.format} in {time.perf_counter() - start:.1f} s "
              f"({roster.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
        kyodo = [sys.executable, "-m", "app"]
        subprocess.run([*kyodo, "new", "--db", str(db), "--body", "試験地域協働体", "--year", "2025"],
                       cwd=args.checkout, check=True, capture_output=True)  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        command = ["members", "import"] if args.kind == "members" else ["ledger", "import", "--year", "2025"]
        done = subprocess.run([*kyodo, *command, str(roster), "--db", str(db)],
                              cwd=args.checkout, capture_output=True, text=True)  # fmt: skip
        seconds = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"import exit {done.returncode} in {seconds:.1f} s; peak memory {peak_kb / 1024:.0f} MB"
              + ("" if peak_kb > before else " (not above the set-up's peak: read it as an upper bound)"))
        if done.returncode:
            print(done.stderr[-2000:])
        with sqlite3.connect(db) as con:
            people = con.execute(
                f"SELECT count(*) FROM {'person' if args.kind == 'members' else 'ledger_entry'}").fetchone()[0]
            log_rows = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
            batches = con.execute("SELECT count(DISTINCT batch) FROM change_log").fetchone()[0]
        print(f"{'people' if args.kind == 'members' else 'entries'} {people:,}; change_log rows {log_rows:,} in {batches:,} batches; "
              f"database {db.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
