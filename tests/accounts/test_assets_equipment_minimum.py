"""The 財産目録 lists 備品 over the set value (setting 「財産目録に載せる備品の金額」, issue 13):
0 lists every one; 100,000 lists those of 取得価額10万円以上 and says so above them."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.equipment import EquipmentInfo, save_equipment
from app.services.demo.create import create_demo
from app.services.reports import export_report
from app.services.settings import EQUIPMENT_MINIMUM, write_setting

CLOSED = FiscalYear(2025)
ITEMS = (("草刈機", 98_000), ("発電機", 132_000), ("テント", 100_000))


@pytest.fixture
def demo(db):
    create_demo(db, "みどり野地域協働体", today=date(2026, 11, 29))
    for name, amount in ITEMS:
        save_equipment(db, EquipmentInfo(None, None, name, date(2024, 6, 1), amount, "倉庫"))
    return db


def _rows(path) -> dict[str, int]:
    from openpyxl import load_workbook

    ws = load_workbook(path)["財産目録"]
    return {str(ws.cell(r, 1).value).strip(): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_without_a_minimum_every_item_is_listed(demo, tmp_path) -> None:
    rows = _rows(export_report(demo, "assets", CLOSED, "xlsx", tmp_path / "all.xlsx"))
    assert {"草刈機", "発電機", "テント", "備品"} <= set(rows)
    assert not any(label.startswith("備品（") for label in rows)


def test_only_items_of_the_set_value_or_more_and_the_form_says_so(demo, tmp_path) -> None:
    write_setting(demo, EQUIPMENT_MINIMUM, 100_000)
    rows = _rows(export_report(demo, "assets", CLOSED, "xlsx", tmp_path / "min.xlsx"))
    assert "備品（取得価額100,000円以上）" in rows
    assert {"発電機", "テント"} <= set(rows) and "草刈機" not in rows  # 100,000 itself is listed

    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "min.xlsx")["財産目録"]
    kept = [ws.cell(rows[name], 3).value for name in ("発電機", "テント")]
    assert sorted(kept) == [100_000, 132_000]

    text = _pdf_text(export_report(demo, "assets", CLOSED, "pdf", tmp_path / "min.pdf"))
    assert "取得価額100,000円以上" in text and "発電機" in text and "草刈機" not in text


def test_set_from_the_command_line(demo, db_target, tmp_path, capsys) -> None:
    assert main(["settings", "set", "assets_equipment_minimum", "132000", "--db", str(db_target)]) == 0
    assert "財産目録に載せる備品の金額を132000にしました" in capsys.readouterr().out
    out = tmp_path / "cli.pdf"
    assert main(["export", "assets", "--db", str(db_target), "--year", "2025", "--format", "pdf",
                 "--out", str(out)]) == 0
    text = _pdf_text(out)
    assert "取得価額132,000円以上" in text and "発電機" in text and "テント" not in text
