"""Time the import of office sheets against the floor of the libraries, in one process.
Run: python benchmarks/bench_import.py [--checkout DIR] [--stages] [--no-freeze]
(DIR: the checkout whose app/ is timed)

- a 5,000-row roster with 20 columns (.xlsx): openpyxl's read-only mode reading every cell, then the
  import mechanism (read_sheet: header search, column accounting) and the whole 名簿 preview
  (read_sheet + normalising and checking every row against an empty database);
- a 20,000-row CSV (Shift_JIS): the csv module reading the same file with its decoding (cp932), once
  only iterating the rows and once keeping them (list(csv.reader(...)), as any preview must), then
  read_sheet and the 名簿 preview; with --stages, µs per row of each stage of the preview;
- 2,000 rows of the same CSV without ふりがな: the preview suggests every reading (pykakasi), 推定.
Target (issue 12): the preview within 1.5× the library's own read. Each line also gives the per-row
cost of the checks (preview − read_sheet, in µs per row). Times are CPU seconds of this process (less
disturbed by other work on a shared machine than the wall clock), best of a few runs; what the
program loads before it starts (SQLAlchemy, the models) is not counted: benchmarks/run_all.py
compares whole processes. As `kyodo` does once its database is open (app/startup_gc.py), the objects
made while loading are frozen out of the cycle collector's sight first (--no-freeze: not).
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import random
import re
import sys
import tempfile
import time
from collections import Counter
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
    parser.add_argument("--stages", action="store_true", help="µs per row of each stage of the CSV preview")
    parser.add_argument("--no-freeze", action="store_true", help="leave the collector as Python starts it")
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
        if not args.no_freeze:
            gc.collect()
            gc.freeze()

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

        def csv_keep() -> None:
            with sjis.open(encoding="cp932", newline="") as f:
                list(csv.reader(f))

        floor, kept = _best(csv_read, repeat=5), _best(csv_keep, repeat=5)
        reader = _best(lambda: read_sheet(sjis, FIELDS))
        preview = _best(lambda: preview_member_import(db, sjis), repeat=3)
        per_row = 1e6 / 20000
        print(f"20,000 rows × 20 columns (.csv, Shift_JIS): csv module {floor:.3f} s ({floor * per_row:.1f} µs/row; "
              f"keeping the rows {kept:.3f} s), read_sheet {reader:.2f} s ({reader / floor:.1f}×), 名簿 preview "
              f"{preview:.2f} s ({preview * per_row:.1f} µs/row: {preview / floor:.1f}× the csv module, "
              f"{preview / kept:.1f}× keeping the rows), {checks(preview, reader, 20000)}")
        least = _best(lambda: _least_preview(sjis), repeat=5)
        print(f"  the least a preview reading with the csv module could do (decode, keep the cells, one compiled regular expression "
              f"over each imported column, count repeated names; no record, no message): {least:.3f} s "
              f"({least * per_row:.1f} µs/row: {least / floor:.1f}× the csv module, {least / kept:.1f}× keeping the rows)")
        if args.stages:
            _stages(db, sjis, floor, 20000)

        bare = folder / "no_reading.csv"
        with bare.open("w", encoding="cp932", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([h for h in HEADERS if h != "ふりがな"])
            writer.writerows([c for i, c in enumerate(row) if i != 2] for row in _rows(2000))
        bare_preview = _best(lambda: preview_member_import(db, bare), repeat=2)
        print(f"2,000 rows without ふりがな (.csv): 名簿 preview {bare_preview:.2f} s ({bare_preview / 2000 * 1e6:.0f} µs/row; "
              "every reading suggested by pykakasi and marked 推定)")
        db.close()


IMPORTED = ("No", "氏名", "ふりがな", "郵便番号", "住所", "電話", "メール", "加入日", "備考", "生年月日")
# a cell with a space at either end: one scan of a column's cells joined by line breaks, in C
_EDGE_SPACE = re.compile(r"(?m)^[ \t\u3000]|[ \t\u3000]$")


def _least_preview(path: Path) -> int:
    """A floor under a preview of the roster CSV that reads it with the csv module: the file decoded and
    split into cells that are kept (the preview shows them and the import writes them), the ten imported
    columns each looked at once by one compiled regular expression, the names counted for namesakes.
    It makes no record and no message, so every real preview costs more. Returns the namesakes."""
    with io.StringIO(path.read_bytes().decode("cp932"), newline="") as text:
        rows = list(csv.reader(text))
    columns = dict(zip(rows[0], zip(*rows[1:], strict=True), strict=True))
    for header in IMPORTED:
        _EDGE_SPACE.search("\n".join(columns[header]))
    return sum(1 for n in Counter(columns["氏名"]).values() if n > 1)


def _stages(db: object, path: Path, floor: float, rows: int) -> None:
    """µs per row of each stage of the 名簿 preview of `path` (private functions: may not exist in
    another checkout). Each stage is timed alone over every row, so the stages add up to about the
    preview."""
    try:
        from app.domain.member_fields import name_key
        from app.importing import read_sheet
        from app.importing.csv_reader import read_csv_rows
        from app.services.members.import_fields import FIELDS, compose, composed_name
        from app.services.members.importer import _classify, _Existing, preview_member_import
    except ImportError as e:
        print(f"  (stages: not in this checkout: {e})")
        return
    us = 1e6 / rows
    raw = _best(lambda: read_csv_rows(path), repeat=5)
    sheet_time = _best(lambda: read_sheet(path, FIELDS), repeat=5)
    sheet = read_sheet(path, FIELDS)
    columns = set(sheet.columns)
    names = _best(lambda: [name_key(composed_name(s.values, columns)) for s in sheet.rows])
    composed = [compose(s.values, columns, "0191") for s in sheet.rows]
    compose_time = _best(lambda: [compose(s.values, columns, "0191") for s in sheet.rows])
    existing = _Existing.load(db)  # type: ignore[arg-type]
    people_sheet = "kind" not in columns
    classify = _best(lambda: [_classify(c, people_sheet, existing, False) for c in composed])
    preview = _best(lambda: preview_member_import(db, path), repeat=3)  # type: ignore[arg-type]
    rest = preview - sheet_time - names - compose_time - classify
    print(f"  µs/row: csv module {floor * us:.2f} | read_csv_rows (decode, parse, share repeated texts) {raw * us:.2f} "
          f"| read_sheet: header and row values +{(sheet_time - raw) * us:.2f} | same-name pass {names * us:.2f} "
          f"| compose (姓名, 読み, 住所, 電話, 状態) {compose_time * us:.2f} | check and match each row {classify * us:.2f} "
          f"| the rest (issues, preview rows, collector) {rest * us:.2f} | preview {preview * us:.2f}")


if __name__ == "__main__":
    main()
