"""City hall's 集計 never stops on a strange file: each one is reported with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.validation import ValidationError
from app.services.city.aggregate import aggregate


def _random_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active["A1"] = "会議の出欠表"
    wb.active["B2"] = 12
    wb.save(path)
    return path


def test_a_random_workbook_a_cut_off_file_and_a_pdf_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "届いたファイル" / "sub"
    folder.mkdir(parents=True)
    random = _random_workbook(folder / "出欠表.xlsx")
    (folder / "途中まで.xlsx").write_bytes(random.read_bytes()[:1500])
    (folder / "資料.pdf").write_bytes(b"%PDF-1.4")  # not a workbook: not even looked at in a folder
    (folder / "~$出欠表.xlsx").write_bytes(b"lock")  # Excel's lock file is skipped

    result = aggregate([tmp_path / "届いたファイル"])
    assert result.bodies == []
    reasons = {p.path.name: p.reason for p in result.problems}
    assert set(reasons) == {"出欠表.xlsx", "途中まで.xlsx"}
    assert "協働デスクの提出ファイルではありません" in reasons["出欠表.xlsx"]
    assert "壊れている" in reasons["途中まで.xlsx"] and "末尾が欠けています" in reasons["途中まで.xlsx"]


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="ありません"):
        aggregate([tmp_path / "ない"])


def test_command_without_any_submission_exits_1_and_writes_nothing(tmp_path: Path, capsys) -> None:
    _random_workbook(tmp_path / "x.xlsx")
    out = tmp_path / "集計.xlsx"
    assert main(["aggregate", str(tmp_path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "x.xlsx" in err and "集計できる提出ファイルがありませんでした" in err
    assert not out.exists()
