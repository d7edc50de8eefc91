"""現金出納簿 tab: the cash book (a table read by window, fast for 100,000 entries) and an
entry form made for the keyboard: Enter moves to the next field, the date starts at the last one
used, the category completes as you type and decides 収入/支出 by itself; an expense can name the
事業 it was spent on (the project's 決算額 is then the sum of its entries)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.bookkeeping import resolve_name
from app.domain.dates import parse_date
from app.domain.fiscal_year import FiscalYear
from app.domain.money import format_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts import ledger
from app.services.accounts.books import list_accounts
from app.services.accounts.categories import CategoryInfo, list_categories
from app.services.accounts.common import CARRY_FORWARD, PAYMENT_METHODS
from app.services.accounts.ledger import Entry, EntryInput
from app.services.accounts.ledger_window import BookScope, book_facts
from app.services.accounts.operations import AddEntry, DeleteEntry, UpdateEntry
from app.services.accounts.report_data import account_balances
from app.services.changes import LEDGER, Changes
from app.services.projects.projects import list_projects
from app.services.records import EditConflict
from app.services.undo import Operation
from app.ui.column_fit import COLUMN_WEIGHTS
from app.ui.context import AppContext
from app.ui.history_dialog import attach_history
from app.ui.ledger_model import BookModel, LedgerLine
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec
from app.ui.widgets import EmptyHint, FieldError, long_name_choice

COLUMNS = [
    ColumnSpec("entry_date", "日付", "date"),
    ColumnSpec("voucher_no", "証憑番号", "int"),
    ColumnSpec("kind_label", "区分"),  # 収入・支出, 戻入・戻出, 振替入・振替出
    ColumnSpec("category_name", "費目"),
    ColumnSpec("description", "摘要"),
    ColumnSpec("counterparty", "相手先"),
    ColumnSpec("payment_method", "支払方法"),
    ColumnSpec("income", "収入", "yen"),
    ColumnSpec("expense", "支出", "yen"),
    ColumnSpec("balance", "残高", "yen"),
    ColumnSpec("project_name", "事業"),
    ColumnSpec("account_name", "口座"),  # last: the columns before keep their places
]
PROJECT_COLUMN = [c.key for c in COLUMNS].index("project_name")
ACCOUNT_COLUMN = [c.key for c in COLUMNS].index("account_name")


def _colour(line: LedgerLine) -> str | None:
    if line.row.entry.source == CARRY_FORWARD:
        return "#e3f2fd"  # written by closing the previous year
    if line.row.entry.is_transfer:
        return "#f3f3f3"  # a transfer: neither income nor expense
    return None


class EnterMovesOn(QObject):
    """Enter in a field moves the focus to the next one; in the last field it submits. Ctrl+Enter
    submits from any field (the optional fields after 摘要 need not be stepped through)."""

    def __init__(self, fields: list[QWidget], submit, resolve=None):
        super().__init__()
        self.fields, self.submit, self.resolve = fields, submit, resolve or {}
        for f in fields:
            f.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if obj in self.resolve:
                self.resolve[obj]()
            i = self.fields.index(obj)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.submit()
            elif i + 1 < len(self.fields):
                self.fields[i + 1].setFocus()
                if isinstance(self.fields[i + 1], QLineEdit):
                    self.fields[i + 1].selectAll()
            else:
                self.submit()
            return True
        return False


class EntryForm(QWidget):
    """The keyboard entry form. `submitted` carries (EntryInput, entry id or None when new)."""

    submitted = Signal(object, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editing: Entry | None = None
        self.year: FiscalYear | None = None  # the year being kept: dates typed without a year fall in it
        self._categories: dict[str, CategoryInfo] = {}
        self.date = QLineEdit(objectName="entry_date", placeholderText="2025/4/1")
        self.category = QLineEdit(objectName="entry_category", placeholderText="費目（入力すると候補）")
        self.direction = QLabel("", objectName="entry_direction")
        self.amount = QLineEdit(objectName="entry_amount", placeholderText="金額（円）")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.description = QLineEdit(objectName="entry_description", placeholderText="摘要")
        self.counterparty = QLineEdit(objectName="entry_counterparty", placeholderText="相手先")
        self.method = QComboBox(objectName="entry_method")
        self.method.addItems(list(PAYMENT_METHODS))
        self.voucher = QLineEdit(objectName="entry_voucher")
        self.project = QLineEdit(objectName="entry_project", placeholderText="事業（任意・支出のみ）")
        self._projects: dict[str, int] = {}  # the year's project names → id
        self.project_completer = QCompleter([], self)
        self.project_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.project.setCompleter(self.project_completer)
        self.settlement = QCheckBox("出納整理期間（翌年4・5月の前年度分）", objectName="entry_settlement")
        self.account = long_name_choice(QComboBox(objectName="entry_account"))  # the 口座 the money moved in
        self.refund = QCheckBox("戻入・戻出", objectName="entry_refund")
        self.refund.setToolTip("返金（戻入）・返還（戻出）: 費目の額から差し引きます")
        self.save_button = QPushButton("記帳 (Enter)", objectName="entry_save")
        self.save_button.setToolTip("最後の欄で Enter、どの欄からでも Ctrl+Enter で記帳します")
        self.cancel_button = QPushButton("新規に戻す (Esc)", objectName="entry_cancel")
        self.error = FieldError()
        self.error.setObjectName("entry_error")

        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.category.setCompleter(self.completer)
        self.category.textChanged.connect(self._show_direction)
        self.counterparty_completer = QCompleter([], self)
        self.counterparty_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.counterparty.setCompleter(self.counterparty_completer)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        labels = ["日付", "費目", "区分", "金額", "摘要", "相手先", "事業", "支払方法", "証憑番号"]
        widgets = [self.date, self.category, self.direction, self.amount, self.description, self.counterparty,
                   self.project, self.method, self.voucher]
        # Two rows of fields (日付…摘要, then 相手先…証憑番号), so that each has room at 150% text on a
        # 1366-pixel screen; Enter still goes through them in this order.
        per_row = 5
        for i, (label, widget) in enumerate(zip(labels, widgets, strict=True)):
            row, column = divmod(i, per_row)
            grid.addWidget(QLabel(label), 2 * row, column)
            grid.addWidget(widget, 2 * row + 1, column)
        for column, stretch in enumerate((2, 3, 1, 2, 4)):
            grid.setColumnStretch(column, stretch)
        # the 口座 in the free place of the second row (not on Enter's way: it keeps its choice)
        grid.addWidget(QLabel("口座"), 2, per_row - 1)
        grid.addWidget(self.account, 3, per_row - 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refund)
        buttons.addWidget(self.settlement)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, 4, 0, 1, per_row)
        grid.addWidget(self.error, 5, 0, 1, per_row)

        self._enter = EnterMovesOn(
            [self.date, self.category, self.amount, self.description, self.counterparty, self.project, self.method,
             self.voucher],
            self.submit, {self.category: self._resolve_category, self.project: self._resolve_project},
        )
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.clear)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear)

    def set_categories(self, categories: list[CategoryInfo]) -> None:
        active = [c for c in categories if not c.retired and not c.is_carry_forward]
        self._categories = {c.name: c for c in active}
        self.completer.model().setStringList([c.name for c in active])

    def set_projects(self, projects: list[tuple[str, int]]) -> None:
        """The year's projects (name, id) an expense may be linked to."""
        self._projects = dict(projects)
        self.project_completer.model().setStringList([name for name, _id in projects])

    def _resolve_project(self) -> None:
        """What was typed → a project name (the service's rule), shown before moving on."""
        self.project_completer.popup().hide()
        name = resolve_name(self.project.text(), self._projects)
        if name is not None:
            self.project.setText(name)

    def set_counterparties(self, names: list[str]) -> None:
        self.counterparty_completer.model().setStringList(names)

    def _resolve_category(self) -> None:
        """What was typed → a category name (the service's rule), shown before moving on."""
        self.completer.popup().hide()
        name = resolve_name(self.category.text(), self._categories)
        if name is not None:
            self.category.setText(name)

    def set_accounts(self, accounts, selected: int | None) -> None:
        current = self.account.currentData() if selected is None else selected
        self.account.clear()
        for a in accounts:
            self.account.addItem(a.name, a.id)
        index = self.account.findData(current)
        if index < 0:  # the 会計's 現金 by default
            index = next((i for i, a in enumerate(accounts) if a.kind == "cash"), 0)
        self.account.setCurrentIndex(index)

    def _show_direction(self, text: str) -> None:
        c = self._categories.get(text.strip())
        self.direction.setText(c.kind_label if c else "")

    def input(self) -> EntryInput:
        """What is typed, as the service takes it: names and the 証憑番号 as text (the service
        resolves and checks them); only the date is read here."""
        problems: list[Problem] = []
        entry_date = None
        try:
            entry_date = self._read_date()
        except ValueError as exc:
            problems.append(Problem("entry_date", f"日付: {exc}"))
        if problems:
            raise ValidationError(problems)
        self._resolve_category()
        self._resolve_project()
        category = self._categories.get(self.category.text().strip())
        kind = category.kind if category else ""
        refund = self.refund.isChecked()
        if refund and kind:  # money back: it moves the other way than the 費目's side
            kind = "income" if kind == "expense" else "expense"
        return EntryInput(entry_date, kind, None, self.amount.text(),
                          self.description.text(), self.counterparty.text(), self.voucher.text(),
                          self.method.currentText(), self.settlement.isChecked(),
                          account_id=self.account.currentData(), kind="refund" if refund else "",
                          category_name=self.category.text(), project_name=self.project.text())

    def _read_date(self) -> date:
        """A whole date, or 月/日 alone (4/1, ７／２０) in the year being kept: 4–12 its first calendar
        year, 1–3 the next — as the cash-book import reads it."""
        if self.year is None:
            return parse_date(self.date.text())
        from app.services.accounts.ledger_sheet import read_entry_date

        return read_entry_date({"entry_date": self.date.text()}, self.year)

    def submit(self) -> None:
        try:
            inp = self.input()
        except ValidationError as exc:
            self.show_error(exc)
            return
        self.submitted.emit(inp, self.editing.id if self.editing else None)

    def show_error(self, exc: ValidationError | None) -> None:
        self.error.show_messages([p.message for p in exc.problems] if exc else [])

    def clear(self, keep_date: date | None = None, next_voucher: int | None = None) -> None:
        """Ready for the next entry: the date stays, everything else is emptied."""
        self.editing = None
        if keep_date is not None:
            self.date.setText(f"{keep_date:%Y/%m/%d}")
        for field in (self.category, self.amount, self.description, self.counterparty, self.project, self.voucher):
            field.clear()
        self.method.setCurrentIndex(0)
        self.settlement.setChecked(False)
        self.refund.setChecked(False)
        if next_voucher is not None:
            self.set_next_voucher(next_voucher)
        self.save_button.setText("記帳 (Enter)")
        self.show_error(None)
        self.category.setFocus()

    def set_next_voucher(self, number: int) -> None:
        self.voucher.setPlaceholderText(f"自動（{number}）")

    def edit(self, entry: Entry, year: FiscalYear) -> None:
        self.editing = entry
        self.date.setText(f"{entry.entry_date:%Y/%m/%d}")
        self.category.setText(entry.category_name)
        self.amount.setText(f"{entry.amount:,}")
        self.description.setText(entry.description)
        self.counterparty.setText(entry.counterparty)
        self.project.setText(entry.project_name)
        self.method.setCurrentText(entry.payment_method)
        self.voucher.setText(str(entry.voucher_no))
        self.settlement.setChecked(not year.contains(entry.entry_date))
        self.refund.setChecked(entry.is_refund)
        self.account.setCurrentIndex(max(0, self.account.findData(entry.account_id)))
        self.save_button.setText("修正を保存 (Enter)")
        self.show_error(None)
        self.amount.setFocus()
        self.amount.selectAll()


class LedgerTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.form = EntryForm()
        self.model = BookModel(COLUMNS, row_colour=_colour)  # reads the rows shown, not the whole book
        self.view = QTableView(objectName="ledger_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # widths from sample text, never from the rows: measuring 50,000 rows would freeze the window
        fm = self.view.fontMetrics()
        # 摘要 (stretching) is what staff read most: the others are just wide enough (a tooltip shows the rest)
        samples = ("2026/03/31", "証憑番号", "区分", "委託料（清掃", "", "東北電力株式", "口座振替",
                   "99,999,999", "99,999,999", "999,999,999", "地域文化祭", "ゆうちょ")
        for i, sample in enumerate(samples):
            self.view.setColumnWidth(i, fm.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # 摘要 takes what is left
        # When large text leaves too little width, 摘要 and 費目 keep the most of it.
        self.view.setProperty(COLUMN_WEIGHTS, {"3": 1.6, "4": 2.5})
        self.view.doubleClicked.connect(self._edit_selected)
        EmptyHint(self.view, "この年度の出納簿はまだ空です。\n上の欄に日付・費目・金額を入れて Enter で記帳するか、"
                             "「出納簿を取り込む…」で Excel の出納簿を読み込んでください。", guide="import")
        self.search = QLineEdit(objectName="ledger_search", placeholderText="絞り込み（摘要・相手先・費目…）")
        self.search.textChanged.connect(self._search)
        self.delete_button = QPushButton("選んだ行を削除", objectName="ledger_delete")
        self.delete_button.clicked.connect(self._delete_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, activated=self._delete_selected)
        self.account_filter = long_name_choice(QComboBox(objectName="ledger_account"))  # 全口座 or one 口座's book
        self._filter_accounts: list[int] | None = None  # the 口座 the filter was filled with
        self.account_filter.currentIndexChanged.connect(lambda _i: self.reload(keep_form=True))
        self.transfer_button = QPushButton("振替… (Ctrl+T)", objectName="ledger_transfer")
        self.transfer_button.clicked.connect(self.enter_transfer)
        QShortcut(QKeySequence("Ctrl+T"), self, activated=self.enter_transfer)
        self.balance = QLabel(objectName="ledger_balance")
        self.balance.setStyleSheet("font-weight: bold;")  # no fixed size: it follows 文字を大きく

        self.history_button = attach_history(self.view, "ledger_history", lambda: self.ctx.db, self._history_target)
        tools = QHBoxLayout()
        tools.addWidget(self.account_filter)
        tools.addWidget(self.transfer_button)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.history_button)
        tools.addWidget(self.delete_button)
        # the 会計's balance and each 口座's below the book: several 口座 would not fit beside the tools
        self.balance.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.balance)
        self.form.submitted.connect(self._submit)

    # -- loading --------------------------------------------------------------------------------
    def reload(self, *, keep_form: bool = False) -> None:
        """Everything afresh: another year, 会計 or 口座, an import, a renamed 費目 or 事業."""
        year, db, book = self.ctx.fiscal_year, self.ctx.db, self.ctx.book_id
        accounts = list_accounts(db, book)
        chosen = self._fill_account_filter(accounts)
        self.model.show(db, BookScope(year, book, chosen))
        self._show_book()
        self.form.year = year
        self.form.set_accounts(accounts, chosen)
        self.form.set_categories(list_categories(db, book_id=book))
        self.form.set_projects([(p.name, p.id) for p in list_projects(self.ctx.db, year)])
        if not keep_form:
            self.form.clear(self._default_date(year), ledger.next_voucher_no(self.ctx.db, year))
        self.view.scrollToBottom()

    def update_entries(self, changes: Changes) -> None:
        """After an operation or another PC's change: read the book's order and balances again (one
        query) and put the lines that changed in place (no reset of the table: the selection and the
        scroll stay); the form keeps what is typed."""
        if self.model.scope is None:  # nothing shown yet
            self.reload(keep_form=True)
            return
        # another PC's change: the lines on screen stay on screen, whatever came or went above them
        top = self.model.entry_id_at(self.view.rowAt(0)) if changes.remote else None
        # None: the whole area (another PC's change, an import): every line is compared, not reset
        self.model.update(changes.ids(LEDGER))
        row = self.model.row_of(top) if top is not None else None
        if row is not None:
            self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self._show_book()
        self.form.set_next_voucher(ledger.next_voucher_no(self.ctx.db, self.ctx.fiscal_year))

    def _show_book(self) -> None:
        """Beside the lines: which columns are worth their width, the balance, the completer."""
        assert self.model.scope is not None  # reload() showed the book first
        facts = book_facts(self.ctx.db, self.model.scope)  # the book the table shows, not asked again
        # No expense of the year linked to a project: the 事業 column would only take 摘要's room.
        self.view.setColumnHidden(PROJECT_COLUMN, not facts.has_projects)
        # one 口座 shown (a single 現金, or a chosen 口座): the column would repeat its name on every row
        self.view.setColumnHidden(ACCOUNT_COLUMN, facts.account_count <= 1)
        self._show_balance(self.model.line_count)
        self.form.set_counterparties(facts.counterparties)

    def _search(self, text: str) -> None:
        self.model.set_search(text)  # answered by the database: the whole book is never in memory
        self._show_balance(self.model.line_count)

    def _show_balance(self, count: int) -> None:
        """The 会計's money now (every 口座 together) and, with several 口座, each one's; while a search
        narrows the lines, how many it found."""
        db, year = self.ctx.db, self.ctx.fiscal_year
        balances = account_balances(db, year, self.ctx.book_id)
        parts = "　".join(f"{b.name} {format_yen(b.balance)}" for b in balances) if len(balances) > 1 else ""
        total = sum(b.balance for b in balances)
        found = f"・絞り込み {self.model.rowCount():,}件" if self.search.text().strip() else ""
        self.balance.setText(f"残高 {format_yen(total)}（{count:,}件{found}）" + (f"　{parts}" if parts else ""))

    def _fill_account_filter(self, accounts) -> int | None:
        """全口座, then each 口座 of the 会計; keeps the choice across reloads. Returns the 口座 id or None.
        A 会計 shown first opens on its 現金 when it has several 口座: the book kept on paper is the
        口座's (現金出納簿, 預金出納帳), and 全口座 is one choice away."""
        chosen = self.account_filter.currentData()
        ids = [a.id for a in accounts]
        if self._filter_accounts != ids:  # another 会計 (or its 口座 changed)
            if self._filter_accounts is None or not set(ids) & set(self._filter_accounts):
                chosen = next((a.id for a in accounts if a.kind == "cash"), None) if len(accounts) > 1 else None
            self._filter_accounts = ids
        self.account_filter.blockSignals(True)
        self.account_filter.clear()
        self.account_filter.addItem("全口座", None)
        for a in accounts:
            self.account_filter.addItem(a.name, a.id)
        self.account_filter.setCurrentIndex(max(0, self.account_filter.findData(chosen)))
        self.account_filter.blockSignals(False)
        return self.account_filter.currentData()

    def enter_transfer(self) -> None:
        from app.ui.accounts_books import TransferDialog

        if not self.transfer_button.isEnabled():
            return
        year = self.ctx.fiscal_year
        TransferDialog(self.ctx, self._default_date(year), self.form.account.currentData(), self).exec()

    def _default_date(self, year: FiscalYear) -> date:
        last = ledger.last_entry_date(self.ctx.db, year)
        if last:
            return last
        today = date.today()
        return today if year.contains(today) else year.start

    def set_editable(self, editable: bool) -> None:
        self.form.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.transfer_button.setEnabled(editable)

    # -- edits ------------------------------------------------------------------------------------
    def _submit(self, inp: EntryInput, entry_id: int | None) -> None:
        db, year = self.ctx.db, self.ctx.fiscal_year
        editing = self.form.editing
        if not self._refund_confirmed(inp, entry_id):
            return  # what is typed stays, to be corrected
        if entry_id is None:
            operation: Operation = AddEntry(db, year, inp)
        else:
            # the entry as the form showed it: its version tells whether someone saved it since
            before = editing if editing is not None and editing.id == entry_id else ledger.get_entry(db, entry_id)
            operation = UpdateEntry(db, before, replace(inp, version=before.version))
        error = perform(self.ctx, operation)  # the page updates the rows (and the next 証憑番号)
        if error is not None:
            if isinstance(error, EditConflict) and editing is not None:
                # what is typed stays; Enter again overwrites on purpose (the message showed theirs)
                self.form.editing = replace(editing, version=error.current_version)
            self.form.show_error(error)
            return
        self.form.clear(inp.entry_date)

    def _refund_confirmed(self, inp: EntryInput, entry_id: int | None) -> bool:
        """A 戻入 larger than what was spent on its 費目 so far (or a 戻出 larger than what came in) may
        be right — the purchase can be in last year's books — so it is asked, not refused."""
        warning = ledger.refund_warning(self.ctx.db, self.ctx.fiscal_year, inp, entry_id)
        if warning is None:
            return True
        answer = QMessageBox.question(self, "戻入・戻出の確認", f"{warning}\n\nこのまま記帳しますか？",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.form.error.show_messages([f"記帳していません: {warning}"])
        return False

    def _selected_entry(self) -> Entry | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.entry_at(rows[0].row()) if rows else None

    def _history_target(self) -> tuple[str, int, str] | None:
        entry = self._selected_entry()
        if entry is None:
            return None
        return "ledger_entry", entry.id, f"出納簿 {entry.entry_date:%Y/%m/%d} 証憑{entry.voucher_no}「{entry.description}」"

    def _edit_selected(self, *_args) -> None:
        entry = self._selected_entry()
        if entry is not None and self.form.isEnabled():
            self.form.edit(entry, self.ctx.fiscal_year)

    def _delete_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None or not self.delete_button.isEnabled():
            return
        if entry.is_transfer and entry.transfer_id is not None:  # both halves go together
            from app.services.accounts.operations import DeleteTransfer
            from app.services.accounts.transfers import get_transfer

            try:
                transfer = get_transfer(self.ctx.db, entry.transfer_id)
            except ValidationError as exc:
                self.form.show_error(exc)
                return
            error = perform(self.ctx, DeleteTransfer(self.ctx.db, transfer))
        else:
            error = perform(self.ctx, DeleteEntry(self.ctx.db, entry))
        if error is not None:
            self.form.show_error(error)
