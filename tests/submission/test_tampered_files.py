"""Files that must not be totalled are listed on the 問題 sheet with the reason, and the good ones
are still totalled: one amount changed by hand, a cut-off copy, a random workbook, a newer and an
older format, a missing sheet."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import Workbook, load_workbook

from app.cli import main
from app.services.city.aggregate import aggregate
from tests.submission.conftest import BODIES, YEAR


def _edit(src: Path, dst: Path, change) -> Path:
    wb = load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def _change_one_amount(wb) -> None:
    ws = wb["収支決算書"]
    for row in ws.iter_rows():
        if isinstance(row[2].value, int) and row[2].value > 0:  # 決算額 of the first category with money
            row[2].value += 1000
            return
    raise AssertionError("no amount to change")


def _set_meta(key: str, value: str):
    def change(wb) -> None:
        ws = wb["_meta"]
        for row in ws.iter_rows():
            if row[0].value == key:
                row[1].value = value

    return change


def test_changed_cut_off_foreign_and_future_files_are_reported_and_left_out(submitted, tmp_path) -> None:
    good = submitted[BODIES[0]].workbook
    other = submitted[BODIES[1]].workbook
    inbox = tmp_path / "受信"
    inbox.mkdir()
    shutil.copy(good, inbox / good.name)
    _edit(other, inbox / "金額を書き換えた.xlsx", _change_one_amount)
    (inbox / "途中で切れた.xlsx").write_bytes(other.read_bytes()[: other.stat().st_size // 2])
    wb = Workbook()
    wb.active["A1"] = "回覧板の当番表"
    wb.save(inbox / "無関係.xlsx")
    _edit(other, inbox / "新しい形式.xlsx", _set_meta("format_version", "2"))
    _edit(other, inbox / "古い形式.xlsx", _set_meta("format_version", "0"))
    _edit(other, inbox / "シート削除.xlsx", lambda wb: wb.remove(wb["自己評価"]))

    out = tmp_path / "集計.xlsx"
    assert main(["aggregate", str(inbox), "--out", str(out)]) == 0
    wb = load_workbook(out)
    rows = wb["問題"].iter_rows(values_only=True)
    problems = {Path(f).name: reason for f, reason in rows if str(f).endswith(".xlsx")}
    assert "チェックサムが一致しません" in problems["金額を書き換えた.xlsx"]
    assert "壊れている" in problems["途中で切れた.xlsx"]
    assert "協働デスクの提出ファイルではありません" in problems["無関係.xlsx"]
    assert "新しい形式（形式2）" in problems["新しい形式.xlsx"] and "更新" in problems["新しい形式.xlsx"]
    assert "古い形式（形式0）" in problems["古い形式.xlsx"]
    assert "「自己評価」がありません" in problems["シート削除.xlsx"]
    assert len(problems) == 6
    summary = [r[0] for r in wb["集計"].iter_rows(values_only=True)]
    assert BODIES[0] in summary and BODIES[1] not in summary  # only the untouched file is totalled


def test_the_untouched_workbook_still_passes_after_an_openpyxl_round_trip(submitted, tmp_path) -> None:
    # Opening and saving without changing a value is not tampering.
    copy = _edit(submitted[BODIES[2]].workbook, tmp_path / "そのまま保存.xlsx", lambda wb: None)
    result = aggregate([copy])
    assert result.problems == [] and [b.body_name for b in result.bodies] == [BODIES[2]]


def test_two_editions_of_one_body_total_only_the_latest(submitted, tmp_path) -> None:
    body = submitted[BODIES[0]]
    assert (
        main(
            ["submit", "--db", str(body.target), "--year", str(YEAR.year), "--out", str(tmp_path / "第2版")]
        )
        == 0
    )
    result = aggregate([body.folder, tmp_path / "第2版"])
    assert [(b.body_name, b.edition) for b in result.bodies] == [(body.name, 2)]
    assert len(result.problems) == 1 and "第2版）を集計し" in result.problems[0].reason
