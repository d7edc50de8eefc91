"""管理費 section: 現金出納簿, 予算, 予算対比, 月別集計 and 費目 tabs; closing and reopening the year;
import of a cash book sheet and export of 収支予算書 / 収支決算書 / 現金出納簿."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.money import format_yen
from app.domain.validation import ValidationError
from app.services.accounts.books import ledger_title, list_books
from app.services.accounts.closing import close_year, closing_warnings, reopen_year, year_status
from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import
from app.services.changes import (
    BOOKS,
    BUDGETS,
    CATEGORIES,
    CLOSING,
    EQUIPMENT,
    EVERYTHING,
    LEDGER,
    MONEY_ACCOUNTS,
    PROJECTS,
    Changes,
)
from app.ui.accounts_analysis import BudgetVsActualTab, MonthlyTab
from app.ui.accounts_books import AssetsTab
from app.ui.accounts_budget import BudgetTab
from app.ui.accounts_budget_moves import BudgetMovesTab
from app.ui.accounts_categories import CategoriesTab
from app.ui.accounts_ledger import LedgerTab
from app.ui.context import AppContext
from app.ui.export_dialog import ExportButton

IMPORT_COLUMNS = [("entry_date", "日付"), ("direction_label", "区分"), ("category_name", "費目"),
                  ("amount_text", "金額"), ("description", "摘要"), ("voucher_no", "証憑番号"),
                  ("project_name", "事業")]


class AccountsPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("accounts_page")
        self.title = QLabel()
        self.status = QLabel(objectName="accounts_year_status")
        self.close_button = QPushButton("年度を締める…", objectName="accounts_close_year")
        self.close_button.clicked.connect(self.close_year)
        self.reopen_button = QPushButton("締めを解除…", objectName="accounts_reopen_year")
        self.reopen_button.clicked.connect(self.reopen_year)
        self.import_button = QPushButton("出納簿を取り込む…", objectName="accounts_import")
        self.import_button.clicked.connect(self.import_ledger)
        self.export_button = ExportButton(ctx, ["settlement", "budget", "ledger", "assets", "audit"], self,
                                          account=lambda: self.ledger.account_filter.currentData())
        self.book = QComboBox(objectName="accounts_book")  # which 会計
        self.book.currentIndexChanged.connect(self._book_chosen)
        self.book.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.ledger = LedgerTab(ctx)
        self.budget = BudgetTab(ctx)
        self.bva = BudgetVsActualTab(ctx)
        self.monthly = MonthlyTab(ctx)
        self.categories = CategoriesTab(ctx)
        self.moves = BudgetMovesTab(ctx)
        self.assets = AssetsTab(ctx)
        self.tabs = QTabWidget(objectName="accounts_tabs")
        for widget, label in ((self.ledger, "現金出納簿"), (self.budget, "予算"), (self.bva, "予算対比"),
                              (self.monthly, "月別集計"), (self.categories, "費目"), (self.moves, "流用・充用"),
                              (self.assets, "口座・財産目録")):
            self.tabs.addTab(widget, label)
        # What each tab shows, by the areas of app.services.changes: after an operation only the tabs
        # reading a touched area reload — the one in front at once, the others when shown.
        self._reads: dict[QWidget, tuple[str, ...]] = {
            self.ledger: (CATEGORIES, PROJECTS, MONEY_ACCOUNTS, BOOKS),  # names; LEDGER rows: see below
            self.budget: (BUDGETS, CATEGORIES),
            self.bva: (LEDGER, BUDGETS, CATEGORIES),
            self.monthly: (LEDGER, CATEGORIES),
            self.categories: (CATEGORIES, LEDGER, BUDGETS),  # 使用中 comes from entries and budgets
            self.moves: (BUDGETS, CATEGORIES, LEDGER),  # the moves, the 目 and what each has left
            self.assets: (LEDGER, MONEY_ACCOUNTS, BOOKS, EQUIPMENT),  # balances, 口座 and their 照合, 備品
        }
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _i: self._reload_stale())

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        for b in (self.import_button, self.export_button, self.close_button, self.reopen_button):
            head.addWidget(b)
        # the 会計 and the year's state on a line of their own: a long 会計名 beside the buttons
        # would not fit a 1366-pixel screen
        self.status.setWordWrap(True)
        state = QHBoxLayout()
        state.addWidget(QLabel("会計"))
        state.addWidget(self.book)
        state.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(state)
        layout.addWidget(self.tabs, 1)

        self.budget.dirty_changed.connect(lambda _dirty: ctx.unsaved_changed.emit())
        ctx.fiscal_year_changed.connect(lambda _y: self.reload())
        ctx.data_changed.connect(self._data_changed)
        self.reload()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(EVERYTHING):
            self.reload()
            return
        if changes.touches(BOOKS):  # a 会計 added, renamed or made the 提出対象: the choice shows it
            self._fill_books()
        if changes.touches(CLOSING):
            self._show_status()
        for tab, areas in self._reads.items():
            if changes.touches(*areas):
                self._stale.add(tab)
        if self.ledger not in self._stale and changes.touches(LEDGER):
            self.ledger.update_entries(changes)  # only the rows named, in place
        self._reload_stale()

    def _reload_stale(self) -> None:
        current = self.tabs.currentWidget()
        if current in self._stale and self.isVisible():
            self._stale.discard(current)
            if current is self.ledger:
                self.ledger.reload(keep_form=True)
            else:
                current.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._reload_stale()

    # -- what the window asks about before closing or changing the year ------------------------------
    @property
    def dirty(self) -> bool:
        return self.budget.dirty

    @property
    def unsaved_what(self) -> str:
        return "管理費の予算"

    def save(self) -> bool:
        return self.budget.save()

    def discard(self) -> None:
        self.budget.discard()

    def _fill_books(self) -> None:
        books = list_books(self.ctx.db)
        if self.ctx.book_id not in {b.id for b in books}:
            self.ctx.book_id = books[0].id if books else None
        self.book.blockSignals(True)
        self.book.clear()
        for b in books:
            self.book.addItem(b.name, b.id)
            if b.funded_by_city and len(books) > 1:
                self.book.setItemData(self.book.count() - 1, "提出対象（市への提出・集計に使う会計）",
                                      Qt.ItemDataRole.ToolTipRole)
        self.book.setCurrentIndex(max(0, self.book.findData(self.ctx.book_id)))
        self.book.blockSignals(False)

    def _book_chosen(self, _index: int) -> None:
        if self.budget.dirty and not self.budget.save():
            self.book.blockSignals(True)
            self.book.setCurrentIndex(max(0, self.book.findData(self.ctx.book_id)))
            self.book.blockSignals(False)
            return
        self.ctx.book_id = self.book.currentData()
        self.reload()

    def reload(self) -> None:
        self._fill_books()
        self._show_status()
        self._stale.clear()
        for tab in (self.ledger, self.budget, self.bva, self.monthly, self.categories, self.moves, self.assets):
            tab.reload()

    def _show_status(self) -> None:
        year = self.ctx.fiscal_year
        status = year_status(self.ctx.db, year, book_id=self.ctx.book_id)
        self.title.setText(f"<h2>管理費 — {year.label}</h2>")
        if status.closed:
            last = status.events[-1]
            self.status.setText(f"{self._book_label()}締め済み（{last.at:%Y/%m/%d}、次年度へ {format_yen(last.balance or 0)} 繰越）"
                                "— 読み取り専用" + self._others_note(status.open_books, "記帳中"))
            self.status.setStyleSheet("color: #8a4b00; font-weight: bold;")
        else:
            reopened = [e for e in status.events if e.action == "reopen"]
            note = f"（締め解除: {reopened[-1].reason}）" if reopened else ""
            self.status.setText(f"{self._book_label()}記帳中{note}" + self._others_note(status.closed_books, "締め済み"))
            self.status.setStyleSheet("")
        editable = not status.closed and not self.ctx.read_only
        self.close_button.setVisible(not status.closed)
        self.reopen_button.setVisible(status.closed)
        self.close_button.setEnabled(not self.ctx.read_only)
        self.reopen_button.setEnabled(not self.ctx.read_only)
        self.import_button.setEnabled(editable)
        self.ledger.set_editable(editable)
        self.budget.set_editable(editable)
        self.bva.set_editable(editable)
        self.categories.set_editable(not self.ctx.read_only)
        self.moves.set_editable(editable)
        self.assets.set_editable(editable)

    def _several_books(self) -> bool:
        return self.book.count() > 1

    def _book_label(self) -> str:
        """「一般会計: 」 before the state when the body keeps more than one 会計 (each closes on its own)."""
        return f"{self.book.currentText()}: " if self._several_books() else ""

    @staticmethod
    def _others_note(names: tuple[str, ...], state: str) -> str:
        return f"（{state}の会計: {'、'.join(names)}）" if names else ""

    # -- closing: each 会計 on its own ---------------------------------------------------------------
    def close_year(self) -> None:
        year, book_id = self.ctx.fiscal_year, self.ctx.book_id
        balance = year_status(self.ctx.db, year, book_id=book_id).balance
        what = f"{year.label}の「{self.book.currentText()}」" if self._several_books() else year.label
        reason, ok = QInputDialog.getText(
            self, "年度の締め",
            f"{what}を締めます。残高 {format_yen(balance)} を{year.next().label}の前年度繰越金として繰り越し、\n"
            f"{what}は読み取り専用になります。\nメモ（例: 総会で決算承認）:",
            QLineEdit.EchoMode.Normal, "総会で決算承認",
        )
        if not ok:
            return
        warnings = closing_warnings(self.ctx.db, year, book_id=book_id)
        if warnings and QMessageBox.question(
            self, "年度の締め", "次の点を確かめてください:\n\n" + "\n".join(warnings) + "\n\nこのまま締めますか？",
            QMessageBox.StandardButton.No | QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
        ) != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda: close_year(self.ctx.db, year, reason, book_id=book_id, confirm_warnings=True).changes)

    def reopen_year(self) -> None:
        year, book_id = self.ctx.fiscal_year, self.ctx.book_id
        what = f"{year.label}の「{self.book.currentText()}」" if self._several_books() else year.label
        reason, ok = QInputDialog.getText(self, "締めの解除", f"{what}の締めを解除する理由（記録に残ります）:")
        if ok:
            self._run(lambda: reopen_year(self.ctx.db, year, reason, book_id=book_id))

    def _run(self, action: Callable[[], Changes]) -> None:
        """Closing is not undone step by step (reopening takes a reason): run it and tell the screens."""
        try:
            with self.ctx.office.year_wide_work():  # on a server: one PC's import, closing or submission at a time
                changes = action()
        except ValidationError as exc:
            QMessageBox.warning(self, "管理費", str(exc))
            return
        self.ctx.data_changed.emit(changes)

    # -- import -------------------------------------------------------------------------------------
    def import_ledger(self) -> None:
        from app.importing.columns import field_choices
        from app.services.accounts.categories import list_categories
        from app.services.accounts.ledger_sheet import FIELDS
        from app.services.import_mappings import LEDGER as LEDGER_MAPPINGS
        from app.services.import_mappings import remember_mapping
        from app.ui.import_categories import UnknownCategories
        from app.ui.import_dialog import ImportDialog

        year, db = self.ctx.fiscal_year, self.ctx.db
        account_id = self.ledger.account_filter.currentData()  # the 口座 shown (全口座: the 会計's 現金)
        where = ledger_title(db, book_id=self.ctx.book_id, account_id=account_id)
        settlement = QMessageBox.question(
            self, "出納簿の取り込み",
            f"{year.label}の{where}に取り込みます。\n翌年4月・5月の日付を出納整理期間の{year.label}分として受け付けますか？",
            QMessageBox.StandardButton.No | QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
        ) == QMessageBox.StandardButton.Yes

        # the same column table as the 名簿 import, and a table for the 費目 the year does not have
        categories = UnknownCategories(list_categories(db, book_id=self.ctx.book_id))

        def preview(path: Path, sheet: str | None, progress, mapping=None):
            return preview_ledger_import(db, path, year, sheet_name=sheet, settlement_period=settlement,
                                         progress=progress, mapping=mapping, book_id=self.ctx.book_id,
                                         account_id=account_id, **categories.options())

        dialog = ImportDialog(self, f"{where}の取り込み — {year.label_full}", preview,
                              lambda p: commit_ledger_import(db, year, p), IMPORT_COLUMNS,
                              field_choices=field_choices(FIELDS), mapped_preview_fn=preview,
                              remember_fn=lambda signature, mapping: remember_mapping(db, LEDGER_MAPPINGS, signature,
                                                                                      mapping),
                              options=categories)
        dialog.exec()
        if dialog.committed_message:
            # An import is not undoable step by step; earlier undo steps could now undo imported values.
            self.ctx.undo_stack.clear()
            self.ctx.data_changed.emit(dialog.committed_changes)
