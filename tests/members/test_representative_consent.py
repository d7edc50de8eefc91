"""代表者名の公表の同意: kept with the 構成団体 (form, import, export round trip); the public list shows
the 代表者 only with it, else 「（非公表）」."""

from __future__ import annotations

from openpyxl import load_workbook

from app.domain.fiscal_year import FiscalYear
from app.services.members.organisations import Organisation, list_organisations, save_organisation
from app.services.reports import export_report
from app.storage.database import Database
from tests.members.conftest import kind_id

YEAR = FiscalYear(2025)


def _representatives(path, sheet="構成団体") -> dict[str, object]:
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    header = next(r for r in rows if "名称" in r)
    return {r[header.index("名称")]: r[header.index("代表者")] for r in rows[rows.index(header) + 1:] if r[1]}


def test_public_list_hides_representatives_without_consent(db: Database, tmp_path) -> None:
    jichikai = kind_id(db, "自治会")
    save_organisation(db, Organisation(kind_id=jichikai, name="上野原自治会", representative="見本 一郎",
                                       representative_consent=True))  # fmt: skip
    save_organisation(db, Organisation(kind_id=jichikai, name="下川原自治会", representative="架空 花子"))
    save_organisation(db, Organisation(kind_id=jichikai, name="中ノ沢自治会"))  # no 代表者: nothing to hide
    public = export_report(db, "members", YEAR, "xlsx", tmp_path / "pub.xlsx", "public")
    assert _representatives(public) == {"上野原自治会": "見本 一郎", "下川原自治会": "（非公表）", "中ノ沢自治会": None}
    everything = [v for ws in load_workbook(public).worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert "架空 花子" not in everything and "代表者名の公表の同意" not in everything
    full = export_report(db, "members", YEAR, "xlsx", tmp_path / "full.xlsx", "full")
    assert _representatives(full)["下川原自治会"] == "架空 花子"


def test_the_consent_goes_round_trip_through_export_and_import(db: Database, tmp_path) -> None:
    from app.services.members.importer import commit_member_import, preview_member_import

    jichikai = kind_id(db, "自治会")
    save_organisation(db, Organisation(kind_id=jichikai, name="上野原自治会", representative="見本 一郎",
                                       representative_consent=True))  # fmt: skip
    full = export_report(db, "members", YEAR, "xlsx", tmp_path / "full.xlsx", "full")
    wb = load_workbook(full)
    ws = wb["構成団体"]
    header_row = next(r[0].row for r in ws.iter_rows() if r[1].value == "名称")
    consent_col = next(c.column for c in ws[header_row] if c.value == "代表者名の公表の同意")
    ws.cell(header_row + 1, consent_col).value = "いいえ"  # the office withdraws it in Excel
    wb.save(full)
    preview = preview_member_import(db, full)
    assert not preview.has_errors, preview.summary_lines()
    commit_member_import(db, preview)
    assert [o.representative_consent for o in list_organisations(db)] == [False]
