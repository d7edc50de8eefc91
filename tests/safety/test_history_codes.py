"""The 変更履歴 window and the message about another PC's change name what the screens name: a 記帳's
戻入・戻出 (not refund), a 評価の視点's 根拠 and 対象 (not target/project), a 事業 deleted since by the
name it had (not its number), dates as the office prints them (令和7年4月1日 or 2025/4/1, not ISO)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QTableView
from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry, update_entry
from app.services.projects.criteria import criteria_for_year, save_criteria_for_year
from app.services.projects.projects import ProjectData, create_project, delete_project
from app.services.settings import DATE_STYLE, write_setting
from app.storage.database import open_database
from app.storage.models import Criterion, LedgerEntry
from app.ui.history_dialog import HistoryDialog
from tests.safety.test_history_words import _shown, first_entrys_history

KIND = "区分（戻入・戻出・振替）"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _history(qtbot, db, table, record_id) -> list[tuple[str, str, str]]:
    dialog = HistoryDialog(db, table, record_id, "記録")
    qtbot.addWidget(dialog)
    dialog.show()
    return _shown(dialog)


def _cats(db) -> dict[str, int]:
    return {c.name: c.id for c in list_categories(db)}


def _form(entry, **changes) -> EntryInput:
    inp = EntryInput(entry.entry_date, entry.direction, entry.category_id, entry.amount, entry.description,
                     kind=entry.kind, project_id=entry.project_id, version=entry.version)
    return replace(inp, **changes)


def test_an_expense_corrected_to_a_refund_shows_it_as_the_cash_book_does(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    year = FiscalYear.of(date.today())
    ids = _cats(db)
    entry = add_entry(db, year, EntryInput(year.start, "income", ids["雑収入"], 1_100, "コピー用紙の返品")).value
    # it was money back for paper bought: 戻入 on 消耗品費
    update_entry(db, entry.id, _form(entry, category_id=ids["消耗品費"], kind="refund"))
    db.close()
    rows = first_entrys_history(qtbot, open_window, db_path)
    assert (KIND, "収入", "戻入") in rows  # 区分 as the book's column shows it, before and after
    assert ("費目", "雑収入", "消耗品費") in rows
    assert not {"refund", "transfer"} & {cell for r in rows for cell in r}


def test_a_refund_on_income_added_shows_as_a_return_paid(qtbot, db) -> None:
    ids = _cats(db)
    back = add_entry(db, FiscalYear(2025), EntryInput(date(2025, 5, 1), "expense", ids["雑収入"], 500, "返金",
                                                      kind="refund")).value
    rows = _history(qtbot, db, LedgerEntry, back.id)
    assert (KIND, "", "戻出") in rows and ("区分", "", "支出") in rows


def test_a_criterions_evidence_and_scope_are_named_as_the_criteria_screen_does(qtbot, db) -> None:
    year = FiscalYear(2025)
    save_criteria_for_year(db, year, [c.as_def() for c in criteria_for_year(db, year).criteria])  # the year's own
    shown = criteria_for_year(db, year)
    defs = [c.as_def() for c in shown.criteria]
    first = defs[0]
    assert (first.scope, first.evidence) == ("project", "target")
    defs[0] = replace(first, scope="body", evidence="meetings")
    saved = save_criteria_for_year(db, year, defs, shown=shown).value
    criterion = next(c for c in saved.criteria if c.key == first.key)
    rows = _history(qtbot, db, Criterion, criterion.id)
    assert ("根拠", "目標と実績", "会議の回数") in rows and ("対象", "事業", "団体") in rows
    assert not {"target", "meetings", "project", "body"} & {cell for r in rows for cell in r}


def test_a_deleted_project_is_named_by_the_name_it_had(qtbot, db) -> None:
    year = FiscalYear(2025)
    project = create_project(db, year, ProjectData(name="夏祭り", item_code="1-1", budget=50_000)).value
    ids = _cats(db)
    entry = add_entry(db, year, EntryInput(date(2025, 7, 20), "expense", ids["消耗品費"], 3_000, "提灯",
                                           project_id=project)).value
    delete_project(db, project)  # unlinks the entry, then deletes the 事業
    rows = _history(qtbot, db, LedgerEntry, entry.id)
    assert ("事業", "", "夏祭り（削除済み）") in rows and ("事業", "夏祭り（削除済み）", "（空欄）") in rows
    assert not any(re.search(r"\d", before + after) for field, before, after in rows if field == "事業")


@pytest.mark.parametrize(("style", "before", "after"), [("wareki", "令和7年4月1日", "令和7年4月2日"),
                                                        ("slash", "2025/4/1", "2025/4/2")])
def test_dates_show_as_the_office_prints_them(qtbot, db, style, before, after) -> None:
    write_setting(db, DATE_STYLE, style)
    ids = _cats(db)
    entry = add_entry(db, FiscalYear(2025), EntryInput(date(2025, 4, 1), "expense", ids["消耗品費"], 800, "紙")).value
    update_entry(db, entry.id, _form(entry, entry_date=date(2025, 4, 2)))
    rows = _history(qtbot, db, LedgerEntry, entry.id)
    assert ("日付", before, after) in rows and ("日付", "", before) in rows
    assert not any(ISO.search(cell) for r in rows for cell in r)


def test_bookkeeping_fields_and_who_are_named_in_words(qtbot, db) -> None:
    # 年度, 口座 and 作成元 (not year, account_id, source/carry_forward), and who as the messages say it
    import getpass
    import socket

    from app.services.accounts.closing import close_year

    ids = _cats(db)
    add_entry(db, FiscalYear(2025), EntryInput(date(2025, 5, 1), "income", ids["雑収入"], 2_000, "資源回収"))
    close_year(db, FiscalYear(2025), backup=False)  # writes 令和8年度's 前年度繰越金 entry
    with db.session() as s:
        carried = s.scalars(select(LedgerEntry).where(LedgerEntry.year == 2026)).one()
    dialog = HistoryDialog(db, LedgerEntry, carried.id, "記録")
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _shown(dialog)
    assert ("年度", "", "2026") in rows and ("口座", "", "現金") in rows
    assert ("作成元", "", "年度の締め（繰越）") in rows
    assert not {"year", "account_id", "source", "carry_forward"} & {cell for r in rows for cell in r}
    model = dialog.findChild(QTableView, "history_table").model()
    who = {model.index(r, 5).data() for r in range(model.rowCount())}
    assert who == {f"{getpass.getuser()}さん（{socket.gethostname()}）"}
