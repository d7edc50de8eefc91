"""One table of where users wait, each case beside the floor its libraries set, as whole processes.

    python benchmarks/run_all.py [--runs 3] [--entries 10000] [--roster 5000] [--submissions 40] [--only 1,2]

Each case runs the real program through its command line (the contract), the floor runs the same
library work with nothing of ours: a bare PySide6 window (first paint); PySide6 + SQLAlchemy with
one query (data on screen); openpyxl write-only writing the same cells; reportlab drawing the same
cells on a canvas; openpyxl read-only reading the roster, the csv module reading the Shift_JIS roster
(decoding it, keeping the rows), and openpyxl read-only reading the 40 submission workbooks.
Median of `--runs`, case and floor alternating in one run; nothing here is a test (CI times
nothing). The README quotes the table.

The ratio is of CPU time (user + system) of the whole process, which a shared machine does not
change much; the wall-clock time, which includes waiting for a core, is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
_today = date.today()
YEAR = _today.year if _today.month >= 4 else _today.year - 1  # the demo's open fiscal year

BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([]); w = QMainWindow(); w.show()
QTimer.singleShot(0, app.quit); app.exec()
"""
QT_SQLALCHEMY = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
from PySide6.QtCore import QTimer
from sqlalchemy import create_engine, text
app = QApplication([])
with create_engine("sqlite:///" + sys.argv[1]).connect() as c:
    n = c.execute(text("SELECT count(*) FROM ledger_entry")).scalar()
w = QMainWindow(); w.setCentralWidget(QLabel(str(n))); w.show()
QTimer.singleShot(0, app.quit); app.exec()
"""
OPENPYXL_WRITE = """
import sys, datetime
from openpyxl import Workbook
n = int(sys.argv[2])
wb = Workbook(write_only=True); ws = wb.create_sheet("現金出納簿")
ws.append(["日付", "証憑番号", "区分", "費目", "摘要", "相手先", "収入", "支出", "残高"])
balance = 0
for i in range(n):
    amount = 1000 + i % 5000
    balance += amount if i % 3 == 0 else -amount
    ws.append([datetime.date(2025, 4, 1) + datetime.timedelta(days=i * 365 // n), i + 1, "支出", "消耗品費",
               "事務用品の購入", "文具店", amount if i % 3 == 0 else None, None if i % 3 == 0 else amount, balance])
wb.save(sys.argv[1])
"""
REPORTLAB_CANVAS = """
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
pdfmetrics.registerFont(TTFont("IPAexGothic", sys.argv[3]))
n = int(sys.argv[2]); c = canvas.Canvas(sys.argv[1], pagesize=A4); w, h = A4
y = h - 60; page = 1
for i in range(n):
    if y < 50:
        c.drawString(w / 2, 25, str(page)); c.showPage(); y = h - 60; page += 1
    c.setFont("IPAexGothic", 8)
    for x, s in ((40, "2025/4/1"), (90, str(i + 1)), (120, "消耗品費"), (190, "事務用品の購入"), (330, "文具店"),
                 (420, f"{1000 + i % 5000:,}"), (500, f"{i * 7:,}")):
        c.drawString(x, y, s)
    c.line(40, y - 3, w - 40, y - 3); y -= 14
c.save()
"""
OPENPYXL_READ_ALL = """
import sys
from openpyxl import load_workbook
for path in sys.argv[1:]:
    wb = load_workbook(path, read_only=True, data_only=False)
    rows = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
"""
CSV_READ = """
import csv, sys
with open(sys.argv[1], encoding="cp932", newline="") as f:
    rows = list(csv.reader(f))
"""
OPENPYXL_READ = """
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
wb.close()
"""


@dataclass
class Case:
    name: str
    ours: list[str]
    floor: list[str]
    target: float  # ours ÷ floor at most
    env: dict[str, str] = field(default_factory=dict)  # extra environment for ours


@dataclass
class Timing:
    cpu: float  # user + system seconds of the process
    wall: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(cmd: list[str], env: dict[str, str]) -> Timing:
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return Timing(_children_cpu() - cpu, wall)


def _medians(case: Case, runs: int, env: dict[str, str]) -> tuple[Timing, Timing]:
    """Ours and the floor, alternating, so that both see the same load on a shared machine."""
    ours: list[Timing] = []
    floor: list[Timing] = []
    for _ in range(runs):
        ours.append(_once(case.ours, {**env, **case.env}))
        floor.append(_once(case.floor, env))

    def median(ts: list[Timing]) -> Timing:
        return Timing(statistics.median(t.cpu for t in ts), statistics.median(t.wall for t in ts))

    return median(ours), median(floor)


def _kyodo(*args: str) -> list[str]:
    return [PY, "-m", "app", *args]


def _make_roster(path: Path, rows: int) -> None:
    """The roster as .xlsx, or (path ending .csv) as a CSV in Shift_JIS as Excel on Windows saves it."""
    headers = ["団体名", "ふりがな", "区分", "代表者", "電話番号", "郵便番号", "住所", "世帯数", "会員数", "加入日",
               "備考", "班", "役職", "生年月日", "世帯人数", "メール", "FAX", "地区", "担当", "摘要２"]
    lines = ([f"見本{i}自治会", f"みほん{i}じちかい", "自治会", "見本 太郎", f"0191-2{i % 10}-{i % 10000:04d}",
              "021-0884", f"一関市見本{i}番地", 20 + i % 50, 40 + i % 90, "2020/4/1", "", f"{i % 9}班", "",
              "", "", "", "", "", "", ""] for i in range(rows))
    if path.suffix == ".csv":
        import csv

        with path.open("w", encoding="cp932", newline="") as f:
            out = csv.writer(f)
            out.writerow(headers)
            out.writerows(lines)
        return
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名簿"
    ws.append(headers)
    for line in lines:
        ws.append(line)
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--roster", type=int, default=5_000)
    parser.add_argument("--csv-rows", type=int, default=20_000, help="rows of the Shift_JIS CSV roster")
    parser.add_argument("--submissions", type=int, default=40, help="0: leave the 集計 out")
    parser.add_argument("--only", default="", metavar="1,3", help="only these rows of the table (1 = first paint)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    font = str(ROOT / "resources" / "fonts" / "ipaexg.ttf")
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        demo = t / "demo.sqlite"
        subprocess.run(_kyodo("demo", "--db", str(demo)), cwd=ROOT, env=env, check=True, capture_output=True)
        big = t / "big.sqlite"
        subprocess.run(_kyodo("demo", "--db", str(big)), cwd=ROOT, env=env, check=True, capture_output=True)
        ledger = t / "ledger.xlsx"
        _fill_ledger(big, args.entries, ledger)
        roster = t / "roster.xlsx"
        _make_roster(roster, args.roster)
        roster_csv = t / "roster.csv"
        _make_roster(roster_csv, args.csv_rows)
        cases = [
            Case("起動（枠と一覧の表示まで）", _kyodo("--db", str(demo), "--smoke"),
                 [PY, "-c", BARE_WINDOW], 1.5, env={"KYODO_SMOKE_UNTIL": "paint"}),
            Case("起動（--smoke、データ表示まで）", _kyodo("--db", str(demo), "--smoke"),
                 [PY, "-c", QT_SQLALCHEMY, str(demo)], 1.2),
            Case(f"出納簿 xlsx（{args.entries:,}件）",
                 _kyodo("export", "ledger", "--db", str(big), "--year", str(YEAR), "--format", "xlsx", "--out", str(t / "o.xlsx")),
                 [PY, "-c", OPENPYXL_WRITE, str(t / "f.xlsx"), str(args.entries)], 1.3),
            Case(f"出納簿 PDF（{args.entries:,}件）",
                 _kyodo("export", "ledger", "--db", str(big), "--year", str(YEAR), "--format", "pdf", "--out", str(t / "o.pdf")),
                 [PY, "-c", REPORTLAB_CANVAS, str(t / "f.pdf"), str(args.entries), font], 1.5),
            Case(f"名簿の取り込み確認（{args.roster:,}行×20列）",
                 _kyodo("members", "import", str(roster), "--db", str(demo), "--dry-run"),
                 [PY, "-c", OPENPYXL_READ, str(roster)], 1.5),
            Case(f"同（CSV Shift_JIS、{args.csv_rows:,}行）",
                 _kyodo("members", "import", str(roster_csv), "--db", str(demo), "--dry-run"),
                 [PY, "-c", CSV_READ, str(roster_csv)], 1.5),
        ]
        if args.submissions:
            inbox = t / "受信"
            _make_submissions(t, inbox, args.submissions)
            workbooks = sorted(str(p) for p in inbox.rglob("*.xlsx"))
            cases.append(Case(f"集計（提出 {args.submissions} 件）",
                              _kyodo("aggregate", str(inbox), "--out", str(t / "集計.xlsx")),
                              [PY, "-c", OPENPYXL_READ_ALL, *workbooks], 2.0))
        print(f"load: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU seconds (user+sys), median of {args.runs}")
        print(f"| {'case':<30} | {'ours':>7} | {'floor':>7} | {'ratio':>5} | {'target':>6} | | wall ours/floor |")
        print("|---|---:|---:|---:|---:|---|---:|")
        only = {int(n) for n in args.only.split(",") if n}
        for number, case in enumerate(cases, 1):
            if only and number not in only:
                continue
            ours, floor = _medians(case, args.runs, env)
            ratio = ours.cpu / floor.cpu
            mark = "✔" if ratio <= case.target else "✘"
            print(f"| {case.name:<30} | {ours.cpu:6.2f}s | {floor.cpu:6.2f}s | {ratio:5.2f} | ≤{case.target:.1f}× | {mark} "
                  f"| {ours.wall:.1f}s / {floor.wall:.1f}s |", flush=True)


def _make_submissions(root: Path, inbox: Path, n: int) -> None:
    """`n` bodies' submissions of last year (workbook, PDFs, manifest), made through the real service."""
    code = f"""
import shutil, sys
from dataclasses import replace
from pathlib import Path
from app.domain.fiscal_year import FiscalYear
from app.services.demo.create import create_demo
from app.services.profile import get_profile, save_profile
from app.services.submission.create import create_submission
from app.storage.database import open_database
root, inbox = Path({str(root)!r}), Path({str(inbox)!r})
template = root / "submitter.sqlite"
db = open_database(template); create_demo(db, "見本地域協働体"); db.close()
for i in range({n}):
    path = root / f"body{{i}}.sqlite"
    shutil.copy(template, path)
    db = open_database(path)
    save_profile(db, replace(get_profile(db), name=f"第{{i + 1:02d}}地域協働体"))
    create_submission(db, FiscalYear.current().previous(), inbox / f"{{i:02d}}", accept_warnings=True)
    db.close()
"""
    subprocess.run([PY, "-c", code], cwd=ROOT, check=True)


def _fill_ledger(db_path: Path, entries: int, out: Path) -> None:
    """`entries` cash-book lines in 令和7年度, entered through the program's own import (its contract)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["日付", "区分", "費目", "摘要", "相手先", "金額"])
    for i in range(entries):
        day = f"{YEAR}/{4 + (i * 9 // entries)}/{1 + i % 28}"
        ws.append([day, "支出", "消耗品費", "事務用品の購入", "文具店", 100 + i % 900])
    wb.save(out)
    subprocess.run(_kyodo("ledger", "import", str(out), "--db", str(db_path), "--year", str(YEAR)), cwd=ROOT,
                   check=True, capture_output=True)


if __name__ == "__main__":
    main()
