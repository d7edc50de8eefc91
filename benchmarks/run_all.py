"""One table of where users wait, each case beside the floor its libraries set, as whole processes.

    python benchmarks/run_all.py [--runs 3] [--entries 10000] [--roster 5000]

Each case runs the real program through its command line (the contract), the floor runs the same
library work with nothing of ours: a bare PySide6 window; PySide6 + SQLAlchemy with one query;
openpyxl write-only writing the same cells; reportlab drawing the same cells on a canvas; openpyxl
read-only reading the roster. Median of `--runs`, side by side in one run; nothing here is a test
(CI times nothing). The README quotes the table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


def _median(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _kyodo(*args: str) -> list[str]:
    return [PY, "-m", "app", *args]


def _make_roster(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名簿"
    headers = ["団体名", "ふりがな", "区分", "代表者", "電話番号", "郵便番号", "住所", "世帯数", "会員数", "加入日",
               "備考", "班", "役職", "生年月日", "世帯人数", "メール", "FAX", "地区", "担当", "摘要２"]
    ws.append(headers)
    for i in range(rows):
        ws.append([f"見本{i}自治会", f"みほん{i}じちかい", "自治会", "見本 太郎", f"0191-2{i % 10}-{i % 10000:04d}",
                   "021-0884", f"一関市見本{i}番地", 20 + i % 50, 40 + i % 90, "2020/4/1", "", f"{i % 9}班", "",
                   "", "", "", "", "", "", ""])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--roster", type=int, default=5_000)
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
        cases = [
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
        ]
        print(f"{'case':<36} {'ours':>9} {'floor':>9} {'ratio':>6} {'target':>7}")
        for case in cases:
            ours = _median(case.ours, args.runs, env)
            floor = _median(case.floor, args.runs, env)
            ratio = ours / floor
            mark = "✔" if ratio <= case.target else "✘"
            print(f"{case.name:<36} {ours * 1000:7.0f}ms {floor * 1000:7.0f}ms {ratio:6.2f} {case.target:6.1f}× {mark}")


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
