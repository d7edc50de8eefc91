"""Time the import of office sheets against the floor of the libraries.
Run: python benchmarks/bench_import.py [--checkout DIR]   (DIR: the checkout whose app/ is timed)

- a 5,000-row roster with 20 columns (.xlsx): openpyxl's read-only mode reading every cell, then the
  import mechanism (read_sheet: header search, column accounting) and the whole 名簿 preview
  (read_sheet + normalising and checking every row against an empty database);
- a 20,000-row CSV (Shift_JIS): the csv module reading it, then read_sheet and the 名簿 preview.
Target (issue 12): the preview within 1.5× the library's own read. Each line also gives the per-row
cost of the checks (preview − read_sheet, in µs per row) and CPU seconds (less disturbed by other work
on a shared machine than the wall clock).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADERS = ["No", "氏名", "ふりがな", "郵便番号", "住所", "電話", "メール", "加入日", "備考", "役職", "班", "生年月日",
           "性別", "趣味", "連絡方法", "緊急連絡先", "勤務先", "車の有無", "会費納入", "自由記入"]
FAMILY = ["佐藤", "鈴木", "高橋", "千葉", "小野寺", "菅原", "佐々木", "阿部", "及川", "熊谷"]
FAMILY_KANA = ["さとう", "すずき", "たかはし", "ちば", "おのでら", "すがわら", "ささき", "あべ", "おいかわ", "くまがい"]
GIVEN = ["一郎", "花子", "健太", "美咲", "修", "恵子", "勇", "和子", "誠", "由美"]
GIVEN_KANA = ["いちろう", "はなこ", "けんた", "みさき", "おさむ", "けいこ", "いさむ", "かずこ", "まこと", "ゆみ"]


def _rows(n: int) -> list[list[object]]:
    rng = random.Random(1)
    rows = []
    for i in range(n):
        f, g = rng.randrange(10), rng.randrange(10)
        rows.append([i + 1, f"{FAMILY[f]} {GIVEN[g]}{i}", f"{FAMILY_KANA[f]} {GIVEN_KANA[g]}", f"021-{i % 10000:04d}",
                     f"一関市大手町{i % 50}-{i % 7}", f"0191-{20 + i % 70}-{i % 10000:04d}", f"m{i}@example.jp",
                     f"2020/4/{1 + i % 28}", "", "会員", f"{i % 9}班", "1970/1/1", "女" if i % 2 else "男",
                     "囲碁", "電話", "0191-00-0000", "一関市役所", "有", "済", "なし"])
    return rows


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of `repeat` runs, in CPU seconds of this process."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose app/ is timed")
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    from openpyxl import Workbook, load_workbook

    from app.importing import read_sheet
    from app.services.members.import_fields import FIELDS
    from app.services.members.importer import preview_member_import
    from app.storage.database import open_database

    def checks(preview: float, reader: float, rows: int) -> str:
        return f"checks {(preview - reader) / rows * 1e6:.0f} µs/row"

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx = folder / "roster.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("名簿")
        ws.append(["令和7年度 会員名簿"])
        ws.append(HEADERS)
        for row in _rows(5000):
            ws.append(row)
        wb.save(xlsx)
        db = open_database(folder / "kyodo.sqlite")

        def openpyxl_read() -> None:
            book = load_workbook(xlsx, read_only=True, data_only=True)
            for _ in book["名簿"].iter_rows(values_only=True):
                pass
            book.close()

        floor = _best(openpyxl_read)
        reader = _best(lambda: read_sheet(xlsx, FIELDS))
        preview = _best(lambda: preview_member_import(db, xlsx), repeat=2)
        print(f"5,000 rows × 20 columns (.xlsx): openpyxl read-only {floor:.2f} s, read_sheet {reader:.2f} s "
              f"({reader / floor:.2f}×), 名簿 preview {preview:.2f} s ({preview / floor:.2f}×), "
              f"{checks(preview, reader, 5000)}")

        sjis = folder / "roster.csv"
        with sjis.open("w", encoding="cp932", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            writer.writerows(_rows(20000))

        def csv_read() -> None:
            with sjis.open(encoding="cp932", newline="") as f:
                for _ in csv.reader(f):
                    pass

        floor = _best(csv_read)
        reader = _best(lambda: read_sheet(sjis, FIELDS))
        preview = _best(lambda: preview_member_import(db, sjis), repeat=2)
        print(f"20,000 rows × 20 columns (.csv, Shift_JIS): csv module {floor:.2f} s, read_sheet {reader:.2f} s "
              f"({reader / floor:.2f}×), 名簿 preview {preview:.2f} s ({preview / floor:.2f}×), "
              f"{checks(preview, reader, 20000)}")
        db.close()


if __name__ == "__main__":
    main()
