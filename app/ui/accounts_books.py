"""会計・口座 in the 管理費 section: the 振替 dialog (預け入れ・引き出し・口座間・会計間), and the
口座・財産目録 tab — each 口座's balance at the year end, funds (with their purpose and target year),
the total, 通帳との照合, and the 備品 the 財産目録 lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_date
from app.domain.kana import normalize_text
from app.domain.money import format_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import (
    ACCOUNT_KINDS,
    AccountInfo,
    AccountInput,
    BookInfo,
    list_accounts,
    list_books,
)
from app.services.accounts.equipment import EquipmentInfo, list_equipment
from app.services.accounts.ledger import Entry
from app.services.accounts.operations import (
    AddAccount,
    AddBook,
    AddTransfer,
    DeleteAccount,
    RecordPassbookBalance,
    rename_book,
    set_funded_book,
    update_account,
)
from app.services.accounts.operations import delete_equipment as delete_equipment_op
from app.services.accounts.operations import save_equipment as save_equipment_op
from app.services.accounts.reconciliation import reconciliation_status
from app.services.accounts.report_data import account_balances
from app.services.accounts.transfers import TransferInput
from app.services.records import EditConflict
from app.services.settings import EQUIPMENT_MINIMUM, read_setting
from app.services.undo import Operation
from app.ui.column_fit import COLUMN_WEIGHTS, keep_columns_to_contents
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import FieldError, long_name_choice


def _fill_accounts(combo: QComboBox, accounts, selected: int | None = None) -> None:
    combo.clear()
    for a in accounts:
        combo.addItem(a.name, a.id)
    if selected is not None:
        combo.setCurrentIndex(max(0, combo.findData(selected)))


def _page(*parts: QWidget | QHBoxLayout) -> QWidget:
    """A page of widgets and rows of widgets, top to bottom; the last part takes the height left."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 4, 4, 4)
    for i, part in enumerate(parts):
        stretch = 1 if i == len(parts) - 1 else 0
        if isinstance(part, QHBoxLayout):
            layout.addLayout(part, stretch)
        else:
            layout.addWidget(part, stretch)
    return page


class TransferDialog(QDialog):
    """One transfer, entered once: it appears in both 口座 (or both 会計 as 繰出金・繰入金)."""

    def __init__(self, ctx: AppContext, default_date: date, from_account: int | None, parent: QWidget | None = None):
        from app.ui.accounts_ledger import EnterMovesOn

        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"振替（預け入れ・引き出し・口座間） — {ctx.fiscal_year.label}")
        self.date = QLineEdit(f"{default_date:%Y/%m/%d}", objectName="transfer_date")
        self.source = QComboBox(objectName="transfer_from")
        self.target = QComboBox(objectName="transfer_to")
        accounts = list_accounts(ctx.db, all_books=True)
        several = len({a.book_id for a in accounts}) > 1
        for combo in (self.source, self.target):
            for a in accounts:
                label = a.name if not several else f"{a.name}（{_book_name(ctx, a.book_id)}）"
                combo.addItem(label, a.id)
        self.source.setCurrentIndex(max(0, self.source.findData(from_account)))
        self.target.setCurrentIndex(1 if self.source.currentIndex() == 0 and self.target.count() > 1 else 0)
        self.amount = QLineEdit(objectName="transfer_amount", placeholderText="金額（円）")
        self.description = QLineEdit(objectName="transfer_description", placeholderText="摘要（空欄なら「預け入れ」など）")
        self.error = FieldError()
        self.error.setObjectName("transfer_error")
        self.save = QPushButton("振替を記帳 (Enter)", objectName="transfer_save")
        self.save.setAutoDefault(False)
        grid = QGridLayout(self)
        for row, (label, widget) in enumerate((("日付", self.date), ("出金元の口座", self.source),
                                                ("入金先の口座", self.target), ("金額", self.amount),
                                                ("摘要", self.description))):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.error, 5, 0, 1, 2)
        grid.addWidget(self.save, 6, 1)
        self._enter = EnterMovesOn([self.date, self.source, self.target, self.amount, self.description], self.submit)
        self.save.clicked.connect(self.submit)
        self.amount.setFocus()

    def submit(self) -> None:
        try:
            try:
                on = parse_date(self.date.text())
            except ValueError as exc:
                raise ValidationError(Problem("on_date", f"日付: {exc}")) from exc
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            return
        year = self.ctx.fiscal_year
        error = perform(self.ctx, AddTransfer(self.ctx.db, year, TransferInput(
            on, self.source.currentData(), self.target.currentData(), self.amount.text(),
            self.description.text(), settlement_period=not year.contains(on))))
        if error is not None:
            self.error.show_messages([p.message for p in error.problems])
            return
        self.accept()


def _book_name(ctx: AppContext, book_id: int) -> str:
    from app.services.accounts.books import list_books

    return next((b.name for b in list_books(ctx.db) if b.id == book_id), "")


class AccountDialog(QDialog):
    """A 口座 to add or change: name, kind, bank details, and (when adding) its opening balance."""

    def __init__(self, ctx: AppContext, account: AccountInfo | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.account = ctx, account
        self.setWindowTitle("口座の変更" if account else "口座の追加")
        self.name = QLineEdit(account.name if account else "", objectName="account_name")
        self.kind = QComboBox(objectName="account_kind")
        for key, label in ACCOUNT_KINDS.items():
            self.kind.addItem(label, key)
        if account:
            self.kind.setCurrentIndex(max(0, self.kind.findData(account.kind)))
        else:
            self.kind.setCurrentIndex(self.kind.findData("bank"))
        self.bank = QLineEdit(account.bank_name if account else "", objectName="account_bank",
                              placeholderText="金融機関（例: ゆうちょ銀行）")
        self.branch = QLineEdit(account.branch if account else "", objectName="account_branch", placeholderText="支店")
        self.number = QLineEdit(account.number if account else "", objectName="account_number",
                                placeholderText="口座番号（公表用では下3桁だけ）")
        self.purpose = QLineEdit(account.purpose if account else "", objectName="account_purpose",
                                 placeholderText="積立金・基金の目的（例: 調理室の改修）")
        self.target_year = QLineEdit(str(account.target_year) if account and account.target_year else "",
                                     objectName="account_target_year", placeholderText="目標年度（西暦 例: 2027）")
        self.opening = QLineEdit(objectName="account_opening", placeholderText="開始残高（円・空欄は0）")
        self.error = FieldError()
        self.error.setObjectName("account_error")
        self.save = QPushButton("保存 (Enter)", objectName="account_save")
        self.save.setAutoDefault(False)
        grid = QGridLayout(self)
        fields = [("口座名", self.name), ("種類", self.kind), ("金融機関", self.bank), ("支店", self.branch),
                  ("口座番号", self.number), ("基金の目的", self.purpose), ("目標年度", self.target_year)]
        if account is None:
            fields.append((f"{ctx.fiscal_year.label}の開始残高", self.opening))
        for row, (label, widget) in enumerate(fields):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(widget, row, 1)
            if isinstance(widget, QLineEdit):  # room for what is typed, at any text size
                widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("あ") * 18)
        grid.addWidget(self.error, len(fields), 0, 1, 2)
        grid.addWidget(self.save, len(fields) + 1, 1)
        from app.ui.accounts_ledger import EnterMovesOn

        self._enter = EnterMovesOn([w for _label, w in fields], self.submit)
        self.save.clicked.connect(self.submit)
        self.name.setFocus()

    def _input(self) -> AccountInput:
        return AccountInput(self.name.text(), self.kind.currentData(), self.bank.text(), self.branch.text(),
                            self.account.account_type if self.account else "", self.number.text(),
                            self.purpose.text(), _target_year(self.target_year.text()))

    def submit(self) -> None:
        db = self.ctx.db
        try:
            _target_year(self.target_year.text())
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            return
        if self.account is None:
            operation: Operation = AddAccount(db, self._input(), self.ctx.book_id, self.opening.text().strip() or None,
                                              self.ctx.fiscal_year)
        else:
            operation = update_account(db, self.account, self._input())
        error = perform(self.ctx, operation)
        if error is not None:
            if isinstance(error, EditConflict) and self.account is not None:
                # what is typed stays; 保存 again overwrites on purpose (the message showed theirs)
                self.account = replace(self.account, version=error.current_version)
            self.error.show_messages([p.message for p in error.problems])
            return
        self.accept()


class BookNameDialog(QDialog):
    """A 会計's new name. Refused when another PC changed the 会計 since it was read: the message says
    who changed what and when, the typed name stays, and 保存 again overwrites on purpose."""

    def __init__(self, ctx: AppContext, book: BookInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.book = ctx, book
        self.setWindowTitle("会計名の変更")
        self.name = QLineEdit(book.name, objectName="book_name")
        self.name.setMinimumWidth(self.name.fontMetrics().horizontalAdvance("あ") * 18)
        self.error = FieldError()
        self.error.setObjectName("book_error")
        self.save = QPushButton("保存 (Enter)", objectName="book_save")
        self.save.setAutoDefault(False)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("会計名"), 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.error, 1, 0, 1, 2)
        grid.addWidget(self.save, 2, 1)
        self.name.returnPressed.connect(self.submit)
        self.save.clicked.connect(self.submit)
        self.name.setFocus()
        self.name.selectAll()

    def submit(self) -> None:
        if normalize_text(self.name.text()) == self.book.name:  # nothing changed: nothing to store
            self.accept()
            return
        error = perform(self.ctx, rename_book(self.ctx.db, self.book, self.name.text()))
        if error is not None:
            if isinstance(error, EditConflict):
                self.book = replace(self.book, version=error.current_version)
            self.error.show_messages([p.message for p in error.problems])
            return
        self.accept()


def _target_year(text: str) -> int | None:
    """目標年度 as typed: a Western year (2027) or 令和9年度; empty for none."""
    clean = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    for suffix in ("年度", "年"):
        clean = clean.removesuffix(suffix)
    if not clean:
        return None
    if clean.startswith("令和") and clean[2:].isdigit():
        return 2018 + int(clean[2:])
    if clean.isdigit() and 2000 <= int(clean) <= 2100:
        return int(clean)
    raise ValidationError(Problem("target_year", f"目標年度「{text.strip()}」は西暦の年（例: 2027）か令和9年度のように入力してください"))


class EquipmentDialog(QDialog):
    """A 備品 to add or change: name, date bought, amount, place, and the date it was disposed of."""

    def __init__(self, ctx: AppContext, item: EquipmentInfo | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.item = ctx, item
        self.setWindowTitle("備品の変更" if item else "備品の追加")

        def day(value: date | None) -> str:
            return f"{value:%Y/%m/%d}" if value else ""

        self.name = QLineEdit(item.name if item else "", objectName="equipment_name", placeholderText="品名（例: 草刈機）")
        self.bought_on = QLineEdit(day(item.bought_on) if item else "", objectName="equipment_bought_on",
                                   placeholderText="購入日 例: 2023/6/1")
        self.amount = QLineEdit(str(item.amount) if item else "", objectName="equipment_amount",
                                placeholderText="金額（円）")
        self.place = QLineEdit(item.place if item else "", objectName="equipment_place",
                               placeholderText="保管場所（例: 倉庫）")
        self.disposed_on = QLineEdit(day(item.disposed_on) if item else "", objectName="equipment_disposed_on",
                                     placeholderText="処分日（処分したとき）")
        self.error = FieldError()
        self.error.setObjectName("equipment_error")
        self.save = QPushButton("保存 (Enter)", objectName="equipment_save")
        self.save.setAutoDefault(False)
        grid = QGridLayout(self)
        fields = [("品名", self.name), ("購入日", self.bought_on), ("金額", self.amount), ("保管場所", self.place),
                  ("処分日", self.disposed_on)]
        for row, (label, widget) in enumerate(fields):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(widget, row, 1)
            widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("あ") * 18)
        grid.addWidget(self.error, len(fields), 0, 1, 2)
        grid.addWidget(self.save, len(fields) + 1, 1)
        from app.ui.accounts_ledger import EnterMovesOn

        self._enter = EnterMovesOn([w for _label, w in fields], self.submit)
        self.save.clicked.connect(self.submit)
        self.name.setFocus()

    def _date(self, field: QLineEdit, key: str, label: str) -> date | None:
        if not field.text().strip():
            return None
        try:
            return parse_date(field.text())
        except ValueError as exc:
            raise ValidationError(Problem(key, f"{label}: {exc}")) from exc

    def submit(self) -> None:
        try:
            after = EquipmentInfo(self.item.id if self.item else None, self.ctx.book_id, self.name.text(),
                                  self._date(self.bought_on, "bought_on", "購入日"), self.amount.text().strip(),
                                  self.place.text(), self._date(self.disposed_on, "disposed_on", "処分日"),
                                  self.item.version if self.item else None)
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            return
        error = perform(self.ctx, save_equipment_op(self.ctx.db, self.item, after))
        if error is not None:
            if isinstance(error, EditConflict) and self.item is not None:
                # what is typed stays; 保存 again overwrites on purpose (the message showed theirs)
                self.item = replace(self.item, version=error.current_version)
            self.error.show_messages([p.message for p in error.problems])
            return
        self.accept()


EQUIPMENT_COLUMNS = [ColumnSpec("name", "品名"), ColumnSpec("bought_on", "購入日", "date"),
                     ColumnSpec("amount", "金額", "yen"), ColumnSpec("place", "保管場所"),
                     ColumnSpec("disposed_on", "処分日", "date")]
BALANCE_COLUMNS = [ColumnSpec("name", "口座"), ColumnSpec("kind_label", "種類"), ColumnSpec("bank_text", "金融機関・口座"),
                   ColumnSpec("balance", "年度末残高", "yen"), ColumnSpec("note", "備考")]


SINCE_COLUMNS = [ColumnSpec("entry_date", "日付", "date"), ColumnSpec("voucher_no", "証憑番号", "int"),
                 ColumnSpec("kind_label", "区分"), ColumnSpec("what", "費目・相手"), ColumnSpec("description", "摘要"),
                 ColumnSpec("income", "入金", "yen"), ColumnSpec("expense", "出金", "yen")]


class _SinceRow:
    """An entry of the 預金 since its last match, as the passbook shows it: money in or out."""

    def __init__(self, e: Entry):
        self.entry_date, self.voucher_no, self.kind_label, self.description = (
            e.entry_date, e.voucher_no, e.kind_label, e.description)
        self.what = e.category_name or e.counterparty
        self.income, self.expense = e.income or None, e.expense or None


class _BalanceRow:
    def __init__(self, b, note: str = ""):
        self.name, self.kind_label, self.bank_text = b.name, ACCOUNT_KINDS[b.kind], b.bank_text
        self.balance, self.note = b.balance, note


class AssetsTab(QWidget):
    """財産目録: each 口座 and fund with its balance at the year end (and the total), and the
    通帳との照合 of a 預金: the passbook's balance on a date beside the book's, and the difference.
    Here 口座 are added (with their opening balance), changed and removed, and 会計 added and
    renamed; every such edit undoes with 編集 → 元に戻す."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._accounts: list[AccountInfo] = []
        self.model = RowTableModel(BALANCE_COLUMNS)
        self.view = QTableView(objectName="assets_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.doubleClicked.connect(lambda _index: self.change_account())
        # long 口座名 and 金融機関 (「普通預金_ゆうちょ銀行一関支店_地域協働体運営費」) are read whole: each column as wide
        # as its contents; when they do not all fit (large text, a small screen) the names get the most room
        # and wrap onto a second line (the tooltip holds the whole text too); amounts are never cut
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setProperty(COLUMN_WEIGHTS, {0: 2.0, 2: 1.5})
        keep_columns_to_contents(self.view)
        self.total = QLabel(objectName="assets_total")
        self.total.setStyleSheet("font-weight: bold;")
        self.add_account_button = QPushButton("口座を追加…", objectName="account_add")
        self.change_account_button = QPushButton("口座を変更…", objectName="account_change")
        self.delete_account_button = QPushButton("口座を削除", objectName="account_delete")
        self.add_book_button = QPushButton("会計を追加…", objectName="book_add")
        self.rename_book_button = QPushButton("会計名の変更…", objectName="book_rename")
        self.add_account_button.clicked.connect(self.add_account)
        self.change_account_button.clicked.connect(self.change_account)
        self.delete_account_button.clicked.connect(self.delete_account)
        self.add_book_button.clicked.connect(self.add_book)
        self.rename_book_button.clicked.connect(self.rename_book)
        # 提出対象: the 会計 whose budget and settlement go to the city (submission, 集計, 自己評価)
        self.funded = QLabel(objectName="book_funded_label")
        self.funded_button = QPushButton("この会計を提出対象にする", objectName="book_funded")
        self.funded_button.clicked.connect(self.make_funded)
        edits = QHBoxLayout()
        for b in (self.add_account_button, self.change_account_button, self.delete_account_button):
            edits.addWidget(b)
        edits.addStretch(1)
        edits.addWidget(self.add_book_button)
        edits.addWidget(self.rename_book_button)
        funded = QHBoxLayout()
        funded.addWidget(self.funded, 1)
        funded.addWidget(self.funded_button)
        self.account = long_name_choice(QComboBox(objectName="check_account"))
        self.check_date = QLineEdit(objectName="check_date", placeholderText="照合日 2026/3/31")
        self.check_balance = QLineEdit(objectName="check_balance", placeholderText="通帳残高（円）")
        self.record = QPushButton("通帳残高を記録", objectName="check_record")
        # the last check recorded (通帳・帳簿・差額), then what the list below holds
        self.result = QLabel(objectName="check_result")
        self.result.setWordWrap(True)
        self._verdict = ""
        self.error = FieldError()
        self.error.setObjectName("assets_error")
        self.record.clicked.connect(self._record)
        self.check_balance.returnPressed.connect(self._record)
        check = QHBoxLayout()
        for w in (QLabel("預金:"), self.account, self.check_date, self.check_balance, self.record):
            check.addWidget(w, 1 if w is self.account else 0)  # the row's room goes to a long 口座名
        # the 預金's entries since its last match: what to tick off against the passbook's lines
        self.since_model = RowTableModel(SINCE_COLUMNS)
        self.since_view = QTableView(objectName="check_entries")
        self.since_view.setModel(self.since_model)
        self.since_view.verticalHeader().hide()
        self.since_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 2, 5, 6):  # dates and amounts never cut, also with large text
            self.since_view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.since_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.account.currentIndexChanged.connect(lambda _i: self._show_since())
        # 備品 over the set value: listed on the 財産目録 from their purchase until disposed of
        self._equipment: list[EquipmentInfo] = []
        self.equipment_model = RowTableModel(EQUIPMENT_COLUMNS)
        self.equipment_view = QTableView(objectName="equipment_table")
        self.equipment_view.setModel(self.equipment_model)
        self.equipment_view.verticalHeader().hide()
        self.equipment_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.equipment_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.equipment_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.equipment_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.equipment_view.doubleClicked.connect(lambda _index: self.change_equipment())
        self.add_equipment_button = QPushButton("備品を追加…", objectName="equipment_add")
        self.change_equipment_button = QPushButton("備品を変更…", objectName="equipment_change")
        self.delete_equipment_button = QPushButton("備品を削除", objectName="equipment_delete")
        self.add_equipment_button.clicked.connect(lambda: self._equipment_dialog(None))
        self.change_equipment_button.clicked.connect(self.change_equipment)
        self.delete_equipment_button.clicked.connect(self.delete_equipment)
        fixtures = QHBoxLayout()
        self.equipment_note = QLabel(objectName="equipment_note")  # which 備品 the 財産目録 lists
        fixtures.addWidget(self.equipment_note)
        fixtures.addStretch(1)
        for b in (self.add_equipment_button, self.change_equipment_button, self.delete_equipment_button):
            fixtures.addWidget(b)
        # 備品 and 通帳との照合 share the lower half, one page each (both lists fit a 768-pixel screen)
        self.lower = QTabWidget(objectName="assets_lower_tabs")
        self.lower.addTab(_page(fixtures, self.equipment_view), "備品")
        self.lower.addTab(_page(check, self.result, self.since_view), "通帳との照合")
        layout = QVBoxLayout(self)
        layout.addLayout(edits)
        layout.addLayout(funded)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.total)
        layout.addWidget(self.error)
        layout.addWidget(self.lower, 3)

    def set_editable(self, editable: bool) -> None:
        for b in (self.record, self.add_account_button, self.change_account_button, self.delete_account_button,
                  self.add_book_button, self.rename_book_button, self.add_equipment_button,
                  self.change_equipment_button, self.delete_equipment_button):
            b.setEnabled(editable)

    def reload(self) -> None:
        year = self.ctx.fiscal_year
        self._accounts = list_accounts(self.ctx.db, self.ctx.book_id)
        balances = account_balances(self.ctx.db, year, self.ctx.book_id)
        banks = [a for a in self._accounts if a.kind != "cash"]
        notes = {}
        for a in banks:
            status = reconciliation_status(self.ctx.db, year, a.id)
            last = status.checks[-1] if status.checks else None
            notes[a.name] = ("照合なし" if last is None else
                             f"{last.on_date:%Y/%m/%d} 照合 差額 {format_yen(last.difference)}")
        self.model.set_rows([_BalanceRow(b, notes.get(b.name, "")) for b in balances])
        self.total.setText(f"合計（次年度繰越金） {format_yen(sum(b.balance for b in balances))}")
        self.account.blockSignals(True)
        _fill_accounts(self.account, banks, self.account.currentData())
        self.account.blockSignals(False)
        self._verdict = ""  # a check just recorded says so again after this reload; an undone one not
        self._show_since()
        self._equipment = list_equipment(self.ctx.db, self.ctx.book_id)
        self.equipment_model.set_rows(self._equipment)
        minimum = read_setting(self.ctx.db, EQUIPMENT_MINIMUM)
        self.equipment_note.setText(
            f"財産目録には取得価額{format_yen(minimum)}以上の備品を載せます（編集 → 設定…）:" if minimum
            else "財産目録には次の備品をすべて載せます:")
        self._show_funded()
        if not self.check_date.text():
            self.check_date.setText(f"{year.end:%Y/%m/%d}")

    def _show_funded(self) -> None:
        """Which 会計 goes to the city; the button makes the 会計 shown the one (a setting of the
        body, not of the year: a closed year does not stop it)."""
        books = list_books(self.ctx.db)
        funded = next((b for b in books if b.funded_by_city), None)
        self.funded.setText(f"提出対象の会計（市への提出・集計に使う）: {funded.name if funded else '（未設定）'}")
        self.funded_button.setVisible(len(books) > 1)
        self.funded_button.setEnabled(not self.ctx.read_only and (funded is None or funded.id != self.ctx.book_id))

    def make_funded(self) -> None:
        books = list_books(self.ctx.db)
        book = next((b for b in books if b.id == self.ctx.book_id), None)
        previous = next((b for b in books if b.funded_by_city), None)
        if book is not None and previous is not None:
            self._perform(set_funded_book(self.ctx.db, book, previous))

    # -- 口座 and 会計 -------------------------------------------------------------------------------
    def _selected(self) -> AccountInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self._accounts[rows[0].row()] if rows and rows[0].row() < len(self._accounts) else None

    def _perform(self, operation: Operation) -> bool:
        error = perform(self.ctx, operation)
        self.error.show_messages([p.message for p in error.problems] if error is not None else [])
        return error is None

    def add_account(self) -> None:
        self._edit_in_dialog(None)

    def _edit_in_dialog(self, account: AccountInfo | None) -> None:
        dialog = AccountDialog(self.ctx, account, self)
        dialog.exec()
        dialog.deleteLater()
        self.view.setFocus()  # back to the list: 編集 → 元に戻す works from here

    def _chosen(self, item: object | None, what: str) -> bool:
        """Was a row chosen for the button pressed? Else say which list to choose from."""
        if item is None:
            self.error.show_messages([f"{what}を一覧で選んでください"])
        return item is not None

    def change_account(self) -> None:
        if self._chosen(account := self._selected(), "変更する口座"):
            self._edit_in_dialog(account)

    def delete_account(self) -> None:
        if self._chosen(account := self._selected(), "削除する口座"):
            self._perform(DeleteAccount(self.ctx.db, account))

    def add_book(self) -> None:
        name, ok = QInputDialog.getText(self, "会計の追加", "会計名（例: 特別会計（積立金））:")
        if ok and self._perform(AddBook(self.ctx.db, name)):
            self.error.show_messages([])

    def rename_book(self) -> None:
        book = next((b for b in list_books(self.ctx.db) if b.id == self.ctx.book_id), None)
        if book is None:
            return
        dialog = BookNameDialog(self.ctx, book, self)
        dialog.exec()
        dialog.deleteLater()
        self.view.setFocus()  # back to the list: 編集 → 元に戻す works from here

    # -- 備品 ------------------------------------------------------------------------------------------
    def _selected_equipment(self) -> EquipmentInfo | None:
        rows = self.equipment_view.selectionModel().selectedRows()
        return self._equipment[rows[0].row()] if rows and rows[0].row() < len(self._equipment) else None

    def _equipment_dialog(self, item: EquipmentInfo | None) -> None:
        dialog = EquipmentDialog(self.ctx, item, self)
        dialog.exec()
        dialog.deleteLater()
        self.equipment_view.setFocus()

    def change_equipment(self) -> None:
        if self._chosen(item := self._selected_equipment(), "変更する備品"):
            self._equipment_dialog(item)

    def delete_equipment(self) -> None:
        if self._chosen(item := self._selected_equipment(), "削除する備品"):
            self._perform(delete_equipment_op(self.ctx.db, item))

    def _record(self) -> None:
        account_id = self.account.currentData()
        if account_id is None:
            self.error.show_messages(["預金の口座がありません（照合は預金の口座で行います）"])
            return
        try:
            on = parse_date(self.check_date.text())
        except ValueError as exc:
            self.error.show_messages([f"照合日: {exc}"])
            return
        operation = RecordPassbookBalance(self.ctx.db, self.ctx.fiscal_year, account_id, on, self.check_balance.text())
        if not self._perform(operation):  # the page reloads this tab: the list below follows
            return
        result = operation.recorded
        assert result is not None
        verdict = "一致しています" if result.matches else f"差額 {format_yen(result.difference)} があります"
        self._verdict = (f"{result.account_name} {result.on_date:%Y/%m/%d}: 通帳 {format_yen(result.passbook_balance)}、"
                         f"帳簿 {format_yen(result.book_balance)} — {verdict}。")
        self.check_balance.clear()
        self._show_since()

    def _show_since(self) -> None:
        """The chosen 預金's entries since its last matching check (all of the year before the first)."""
        account_id = self.account.currentData()
        if account_id is None:
            self.result.setText("")
            self.since_model.set_rows([])
            return
        status = reconciliation_status(self.ctx.db, self.ctx.fiscal_year, account_id)
        entries = status.since_last_match
        money_in, money_out = sum(e.income for e in entries), sum(e.expense for e in entries)
        since = (f"{status.account_name}: {status.since_label}の記帳 {len(entries)}件"
                 f"（入金 {format_yen(money_in)}、出金 {format_yen(money_out)}）— 通帳の行と照らし合わせてください")
        verdict = self._verdict if self._verdict.startswith(f"{status.account_name} ") else ""
        self.result.setText(f"{verdict}\n{since}" if verdict else since)
        self.since_model.set_rows([_SinceRow(e) for e in entries])
