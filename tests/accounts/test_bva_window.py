"""The window's 予算対比 as the 総会 reads it: 款・項 lines with the sums of their 目, the 流用・充用 of
each 目 beside its 予算額; the 決算の備考 typed in its cell prints on the 収支決算書, and undo takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QTableView

from app.services.accounts.budget_moves import move_budget
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.closing import close_year
from app.services.accounts.common import EXPENSE
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.accounts.settlement_notes import save_settlement_note
from app.services.fiscal_years import ensure_current_year
from app.services.reports import export_report
from app.storage.database import open_database
from tests.accounts.test_accounts_window import _open_accounts, _show_tab
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import type_text

NOTE = "コピー機の故障で増"


def _office_costs(db_path):
    """款 事務費 → 項 事務局費 → 目 コピー代 (10,000) and 切手代 (5,000); 2,000 moved from 切手代 to
    コピー代; 11,500 spent on copies, 20,000 of 会費 came in."""
    db = open_database(db_path)
    year = ensure_current_year(db)
    kan = add_category(db, EXPENSE, "事務費", heading=True).value
    kou = add_category(db, EXPENSE, "事務局費", heading=True, parent_id=kan.id).value
    copies = add_category(db, EXPENSE, "コピー代", parent_id=kou.id).value
    stamps = add_category(db, EXPENSE, "切手代", parent_id=kou.id).value
    save_budget(db, year, {copies.id: 10_000, stamps.id: 5_000})
    move_budget(db, year, stamps.id, copies.id, 2_000, "コピー機の修理")
    add_entry(db, year, EntryInput(year.start, EXPENSE, copies.id, 11_500, "コピー代"))
    fees = next(c for c in list_categories(db) if c.name == "会費")
    add_entry(db, year, EntryInput(year.start, fees.kind, fees.id, 20_000, "会費"))
    db.close()
    return year


def _table(page) -> tuple[QTableView, dict[str, int], dict[str, int]]:
    view = page.findChild(QTableView, "budget_vs_actual_table")
    model = view.model()
    headers = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
    rows = {model.index(r, 1).data().strip(): r for r in range(model.rowCount())}
    return view, headers, rows


def _cell(page, name: str, header: str) -> str:
    view, headers, rows = _table(page)
    return view.model().index(rows[name], headers[header]).data()


def test_bva_has_kou_and_kan_subtotals_and_the_moves(qtbot, open_window, db_path) -> None:
    _office_costs(db_path)
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "予算対比")
    view, headers, rows = _table(page)
    # the 款 and the 項 come before their 目, with their sums
    assert rows["事務費"] < rows["事務局費"] < rows["コピー代"] < rows["切手代"]
    for heading in ("事務費", "事務局費"):
        assert (_cell(page, heading, "予算額"), _cell(page, heading, "執行額"), _cell(page, heading, "残額")) == (
            "15,000", "11,500", "3,500")
    assert _cell(page, "事務局費", "区分") == "支出（項）" and _cell(page, "事務費", "区分") == "支出（款）"
    assert (_cell(page, "コピー代", "予算額"), _cell(page, "コピー代", "流用・充用")) == ("12,000", "+2,000")
    assert (_cell(page, "切手代", "予算額"), _cell(page, "切手代", "流用・充用")) == ("3,000", "△2,000")
    assert not view.isColumnHidden(headers["流用・充用"])
    # 支出合計 counts each 目 once (not again in its 項 and 款)
    assert _cell(page, "支出合計", "予算額") == "15,000"


def _type_note(qtbot, page, name: str, text: str) -> None:
    view, headers, rows = _table(page)
    index = view.model().index(rows[name], headers["決算の備考"])
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _settlement_text(db_path, year, tmp_path) -> str:
    from pypdf import PdfReader

    db = open_database(db_path)
    try:
        path = export_report(db, "settlement", year, "pdf", tmp_path / "s.pdf")
    finally:
        db.close()
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_the_settlement_note_is_typed_in_the_bva_prints_and_is_undone(qtbot, open_window, db_path, tmp_path) -> None:
    year = _office_costs(db_path)
    window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "予算対比")
    _type_note(qtbot, page, "コピー代", NOTE)
    qtbot.waitUntil(lambda: _cell(page, "コピー代", "決算の備考") == NOTE)
    assert NOTE in _settlement_text(db_path, year, tmp_path)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    qtbot.waitUntil(lambda: _cell(page, "コピー代", "決算の備考") == "")
    assert NOTE not in _settlement_text(db_path, year, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _cell(page, "コピー代", "決算の備考") == NOTE)

    # a 項 line holds sums, not a note of its own: its cell does not open
    view, headers, rows = _table(page)
    heading = view.model().index(rows["事務局費"], headers["決算の備考"])
    assert not view.model().flags(heading) & Qt.ItemFlag.ItemIsEditable


def test_the_settlement_note_cannot_be_typed_in_a_closed_year(qtbot, open_window, db_path) -> None:
    year = _office_costs(db_path)
    db = open_database(db_path)
    close_year(db, year, "決算承認")
    db.close()
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "予算対比")
    view, headers, rows = _table(page)
    index = view.model().index(rows["コピー代"], headers["決算の備考"])
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert not isinstance(QApplication.focusWidget(), QLineEdit)
    assert page.findChild(QLabel, "budget_vs_actual_error").text() == ""


def test_a_note_typed_over_another_pcs_is_refused_with_who_and_saved_over_it_on_yes(qtbot, open_window,
                                                                                   db_path) -> None:
    year = _office_costs(db_path)
    _window, page = _open_accounts(qtbot, open_window, db_path)
    _show_tab(qtbot, page, "予算対比")
    other_pc = open_database(db_path)  # another PC writes its 備考 after this table was read
    copy = next(c for c in list_categories(other_pc) if c.name == "コピー代")
    save_settlement_note(other_pc, year, copy.id, "相手の備考")
    other_pc.close()
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    _type_note(qtbot, page, "コピー代", NOTE)
    qtbot.waitUntil(lambda: bool(seen))
    assert "費目「コピー代」の決算の備考は、開いた後に" in seen[0]
    assert "相手の備考: 「相手の備考」" in seen[0] and f"あなたの入力: 「{NOTE}」" in seen[0]
    qtbot.waitUntil(lambda: _cell(page, "コピー代", "決算の備考") == NOTE)  # はい: saved over theirs
