"""Small hostile workbooks are answered quickly, within a memory limit, with a Japanese message.

Each run is a separate `kyodo` process under RLIMIT_AS (a generous 1 GB: the readers stay near
60 MB; before the limits the merged range took 3.9 GB) and a generous timeout (60 s: the quadratic
formula check took 96 s on the CDATA file). Timings for the record: benchmarks/bench_adversarial.py.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main as kyodo
from tests.adversarial.attack_files import (
    cdata_full_of_cells,
    far_column_rows,
    far_row,
    merge_to_the_end,
    ten_million_shared_strings,
)

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1024 * 2**20
TIMEOUT_SECONDS = 60


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _kyodo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=TIMEOUT_SECONDS, preexec_fn=_limit_memory,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("adversarial") / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    return path


def _import(db: Path, file: Path) -> subprocess.CompletedProcess[str]:
    return _kyodo("members", "import", "--db", str(db), "--dry-run", str(file))


def _aggregate(file: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return _kyodo("aggregate", str(file), "--out", str(tmp_path / "集計.xlsx"))


def _assert_refused(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    for phrase in phrases:
        assert phrase in done.stderr


def test_a_cdata_header_full_of_cell_tags_is_read_in_one_pass(db: Path, tmp_path: Path) -> None:
    file = cdata_full_of_cells(tmp_path / "cdata.xlsx", count=40_000)
    done = _import(db, file)
    assert "Traceback" not in done.stderr
    out = done.stdout + done.stderr
    # both rows were read: row 2 is new, row 3's formula without a stored result is its error
    assert "新規 1件、更新 0件、変更なし 0件、エラー 1件" in out
    assert "3行目 A列（区分）: 数式の計算結果が保存されていません" in out


def test_a_merge_to_the_last_cell_is_clipped_to_the_rows_present(db: Path, tmp_path: Path) -> None:
    file = merge_to_the_end(tmp_path / "merge.xlsx")
    done = _import(db, file)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    out = done.stdout + done.stderr
    # the merge copies A2:B2 over the rows that exist (2–3), not over a million rows
    assert "シート『名簿』" in out and "2件" in out


def test_rows_with_a_value_in_column_xfd_are_refused_naming_the_cap(db: Path, tmp_path: Path) -> None:
    file = far_column_rows(tmp_path / "far.xlsx")
    _assert_refused(_import(db, file), "far.xlsx", "列が多すぎます（最大 200列）", "セルXFD2")


def test_a_value_in_the_last_row_is_refused_naming_the_cap(db: Path, tmp_path: Path) -> None:
    file = far_row(tmp_path / "far_row.xlsx")
    _assert_refused(_import(db, file), "行が多すぎます（最大 300,000行）", "セルA1048576")


@pytest.mark.slow
def test_ten_million_shared_strings_are_refused_before_parsing(db: Path, tmp_path: Path) -> None:
    file = ten_million_shared_strings(tmp_path / "strings.xlsx")
    assert file.stat().st_size < 500_000
    _assert_refused(_import(db, file), "strings.xlsx", "圧縮率が異常に高い部分", "xl/sharedStrings.xml")
    _assert_refused(_aggregate(file, tmp_path), "圧縮率が異常に高い部分")


def test_too_many_shared_strings_are_refused_even_when_they_compress_modestly(tmp_path: Path) -> None:
    from app.importing.errors import ImportFileError, check_xlsx_file
    from app.importing.xlsx_limits import MAX_SHARED_STRINGS

    # distinct strings compress far less than 100×, so the count itself must stop them
    def strings():
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for start in range(0, MAX_SHARED_STRINGS + 10_000, 10_000):
            yield b"".join(b"<si><t>%d</t></si>" % (start + i) for i in range(10_000))
        yield b"</sst>"

    from tests.adversarial.attack_files import write_package

    file = write_package(tmp_path / "many.xlsx", [b"<sheetData/>"], strings())
    with pytest.raises(ImportFileError, match="文字列の数が多すぎます（最大 2,000,000個）"):
        check_xlsx_file(file)


def test_openpyxl_parses_with_defusedxml() -> None:
    # defusedxml refuses entity expansion ("billion laughs") in every part openpyxl reads
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML is True


def test_the_city_aggregate_reads_attack_sheets_within_the_caps(tmp_path: Path) -> None:
    # the attack sheet under every submission sheet name, with a _meta that says it is a submission
    far = far_column_rows(tmp_path / "far.xlsx", submission=True)
    row = far_row(tmp_path / "row.xlsx", submission=True)
    merge = merge_to_the_end(tmp_path / "merge.xlsx", submission=True)
    cdata = cdata_full_of_cells(tmp_path / "cdata.xlsx", submission=True)
    done = _kyodo("aggregate", str(far), str(row), str(merge), str(cdata), "--out", str(tmp_path / "集計.xlsx"))
    _assert_refused(done, "調べたExcelファイル 4件")
    reasons = {
        line.split(": ")[1]: line.split(": ", 2)[2]
        for line in done.stderr.splitlines()
        if line.startswith("集計に含めません: ")
    }
    assert "列が多すぎます（最大 200列）" in reasons[str(far)]
    assert "行が多すぎます（最大 300,000行）" in reasons[str(row)]
    # read to the end (no memory error, no stall): refused only because their content is not ours
    assert "チェックサムが一致しません" in reasons[str(merge)]
    assert "チェックサムが一致しません" in reasons[str(cdata)]


def test_no_error_workbook_for_a_merge_over_the_whole_sheet(tmp_path: Path) -> None:
    from app.importing import ImportFileError, write_error_workbook
    from app.importing.preview import ImportPreview

    file = merge_to_the_end(tmp_path / "merge.xlsx")
    preview = ImportPreview(file, "名簿", [], header_row=1)
    with pytest.raises(ImportFileError, match="結合されたセルの範囲が大きすぎるため.*エラー一覧のファイルを作れません"):
        write_error_workbook(file, preview, tmp_path / "errors.xlsx")
    assert not (tmp_path / "errors.xlsx").exists()
