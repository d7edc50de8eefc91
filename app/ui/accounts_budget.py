"""予算 tab: the amounts per category of 当初予算 and each 補正予算; the latest version is in force.
A 補正予算 starts as a copy of the budget in force. Saving is undoable. Amounts typed but not yet saved
are shown as such, survive other edits of the year, and are asked about before they could be lost."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_date
from app.domain.money import format_amount, format_yen, parse_yen
from app.services.accounts import budgets
from app.services.accounts.budgets import BudgetBalance, BudgetInfo, version_label
from app.services.accounts.categories import CategoryInfo, list_categories, under_headings
from app.services.accounts.operations import SaveBudget
from app.services.records import EditConflict
from app.ui.accounts_analysis import HEADING
from app.ui.approved_plan import may_change_approved_plan
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.table_model import bold_font
from app.ui.widgets import FieldError


class BudgetModel(QAbstractTableModel):
    """区分 | 費目 | 予算額 (editable) | 備考 (editable): one row per 目, under bold read-only 款・項 rows
    whose 予算額 is the sum of the 目 below them (recomputed as amounts are typed); each name is
    indented by its level (款, 項, 目), as in the 予算対比 and the 月別集計."""

    HEADERS = ("区分", "費目", "予算額", "備考")

    def __init__(self) -> None:
        super().__init__()
        self.categories: list[CategoryInfo] = []  # 款・項 and 目 in tree order
        self.sums: list[tuple[int, ...]] = []  # per row: the 目 its amount is the sum of
        self.amounts: dict[int, int] = {}
        self.notes: dict[int, str] = {}
        self.editable = True
        self.error: str = ""

    def load(self, categories: list[CategoryInfo], info: BudgetInfo | None) -> None:
        self.beginResetModel()
        shown = info.amounts if info else {}
        lines = under_headings(categories, [c.id for c in categories
                                            if not c.heading and (not c.retired or shown.get(c.id))])
        self.categories = [c for c, _ in lines]
        self.sums = [ids for _, ids in lines]
        self.amounts = dict(shown)
        self.notes = dict(info.notes) if info else {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.categories)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        heading = self.categories[index.row()].heading  # a 款・項 shows a sum: nothing to type
        return base | Qt.ItemFlag.ItemIsEditable if self.editable and index.column() >= 2 and not heading else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        c = self.categories[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return c.kind_label + (f"（{c.level_label}）" if c.heading else "")
            if col == 1:
                return c.tree_name + ("（廃止）" if c.retired else "")  # indented under its 款・項
            if col == 2:
                amount = sum(self.amounts.get(i, 0) for i in self.sums[index.row()])
                return format_amount(amount) if role == Qt.ItemDataRole.DisplayRole else str(amount)
            return self.notes.get(c.id, "")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and c.heading:
            return bold_font()
        if role == Qt.ItemDataRole.BackgroundRole and c.heading:
            return QBrush(QColor(HEADING))
        if role == Qt.ItemDataRole.BackgroundRole and c.kind == "income" and col < 2:
            return QBrush(QColor("#eef5ff"))
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        c = self.categories[index.row()]
        if c.heading:
            return False
        if index.column() == 2:
            try:
                self.amounts[c.id] = parse_yen(value or 0)
            except ValueError as exc:
                self.error = f"{c.name}: {exc}"
                return False
        else:
            self.notes[c.id] = str(value)
        self.error = ""
        self.dataChanged.emit(index, index)
        if index.column() == 2:  # the 款・項 above it show new sums
            for row, ids in enumerate(self.sums):
                if self.categories[row].heading and c.id in ids:
                    self.dataChanged.emit(self.index(row, 2), self.index(row, 2))
        return True

    def total(self, kind: str) -> int:
        return sum(self.amounts.get(c.id, 0) for c in self.categories if c.kind == kind and not c.heading)


class BudgetTab(QWidget):
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = False
        self._loaded_year = None
        self.versions: list[BudgetInfo] = []
        self.version = QComboBox(objectName="budget_version")
        self.version.currentIndexChanged.connect(self._show_version)
        self.new_supplement = QPushButton("補正予算を作る", objectName="budget_new_supplement")
        self.new_supplement.clicked.connect(self._new_supplement)
        self.adopted = QLineEdit(objectName="budget_adopted_on", placeholderText="議決日 例: 2025/4/20")
        self.note = QLineEdit(objectName="budget_note", placeholderText="メモ 例: 総会で議決")
        self.model = BudgetModel()
        self.model.dataChanged.connect(self._update_totals)
        self.model.dataChanged.connect(lambda *_: self._set_dirty(True))  # typed, not loaded
        self.view = QTableView(objectName="budget_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # amounts (and the bold 款 sums) are never cut, also with large text: a few dozen rows, cheap
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # 収入（款）
        self.totals = QLabel(objectName="budget_totals")
        # an adopted budget balances: say so at once while the amounts are typed
        self.balance_warning = QLabel(objectName="budget_balance_warning", wordWrap=True)
        self.balance_warning.setStyleSheet("color: #C00000;")
        self.balance_warning.hide()
        self.save_button = QPushButton("この予算を保存", objectName="budget_save")
        self.save_button.clicked.connect(self.save)
        self.adopted.textEdited.connect(lambda _t: self._set_dirty(True))
        self.note.textEdited.connect(lambda _t: self._set_dirty(True))
        self.error = FieldError()
        self.error.setObjectName("budget_error")
        self.state = QLabel(objectName="budget_state")

        top = QHBoxLayout()
        top.addWidget(QLabel("予算:"))
        top.addWidget(self.version, 1)
        top.addWidget(self.new_supplement)
        meta = QHBoxLayout()
        meta.addWidget(QLabel("議決日:"))
        meta.addWidget(self.adopted)
        meta.addWidget(QLabel("メモ:"))
        meta.addWidget(self.note, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.state)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(meta)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.balance_warning)
        layout.addLayout(bottom)
        self._draft_number: int | None = None
        # (version number, row version): another PC's save the user was told about and may overwrite
        self._overwrite: tuple[int, int] | None = None

    def reload(self) -> None:
        if self._dirty and self._loaded_year == self.ctx.fiscal_year:
            return  # another edit of the year (a ledger entry…) must not wipe amounts typed here
        self._loaded_year = self.ctx.fiscal_year
        self.versions = budgets.list_budget_versions(self.ctx.db, self.ctx.fiscal_year, book_id=self.ctx.book_id)
        self.version.blockSignals(True)
        self.version.clear()
        for v in self.versions:
            self.version.addItem(v.label + ("（現在の予算）" if v is self.versions[-1] else ""), v.number)
        if not self.versions:
            self.version.addItem("当初予算（未登録）", 0)
        self.version.setCurrentIndex(self.version.count() - 1)
        self.version.blockSignals(False)
        self._draft_number = None
        self._overwrite = None
        self._show_version()

    def _show_version(self, *_args) -> None:
        number = self.version.currentData()
        info = next((v for v in self.versions if v.number == number), None)
        self.model.load(self._tree(), info)
        self.adopted.setText(f"{info.adopted_on:%Y/%m/%d}" if info and info.adopted_on else "")
        self.note.setText(info.note if info else "")
        self.error.show_messages([])
        self._set_dirty(False)
        self._update_totals()

    def _tree(self) -> list[CategoryInfo]:
        return list_categories(self.ctx.db, book_id=self.ctx.book_id, include_headings=True)

    def _new_supplement(self) -> None:
        """A new version numbered after the latest, starting from the budget in force."""
        number = (self.versions[-1].number + 1) if self.versions else 0
        current = self.versions[-1] if self.versions else None
        self.version.blockSignals(True)
        self.version.addItem(version_label(number) + "（未保存）", number)
        self.version.setCurrentIndex(self.version.count() - 1)
        self.version.blockSignals(False)
        self.model.load(self._tree(), current)
        self.adopted.clear()
        self.note.clear()
        self._draft_number = number
        self._set_dirty(True)
        self.state.setText(f"{version_label(number)}の金額を入力して保存してください（まだ保存されていません）")

    def _update_totals(self, *_args) -> None:
        income, expense = self.model.total("income"), self.model.total("expense")
        self.totals.setText(f"収入合計 {format_yen(income)}　支出合計 {format_yen(expense)}　差引 {format_yen(income - expense)}")
        number = self.version.currentData()
        label = version_label(number) if isinstance(number, int) else "予算"
        warning = BudgetBalance(label, income, expense).warning() if income or expense else ""
        self.balance_warning.setText(f"⚠ {warning}" if warning else "")
        self.balance_warning.setVisible(bool(warning))
        if self.model.error:
            self.error.show_messages([self.model.error])

    def set_editable(self, editable: bool) -> None:
        self.model.editable = editable
        for w in (self.save_button, self.new_supplement, self.adopted, self.note):
            w.setEnabled(editable)

    # -- save state -------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        saved = "保存済み" if self.versions else ""
        self.state.setText("未保存の変更があります（「この予算を保存」で保存します）" if dirty else saved)
        self.state.setStyleSheet("color: #8a4b00; font-weight: bold;" if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def discard(self) -> None:
        """Forget what was typed and show the stored budget again."""
        self._set_dirty(False)
        self.reload()

    def save(self) -> bool:
        """Save the amounts shown; False (with the message under the table) when they cannot be."""
        year, db = self.ctx.fiscal_year, self.ctx.db
        number = self.version.currentData()
        try:
            adopted = parse_date(self.adopted.text()) if self.adopted.text().strip() else None
        except ValueError as exc:
            self.error.show_messages([f"議決日: {exc}"])
            return False
        before = next((v for v in self.versions if v.number == number), None)
        if number == 0 and before is not None and not may_change_approved_plan(self, db, year):
            return False  # the 総会's 当初予算 stays; what is typed stays too
        if self._overwrite is not None and self._overwrite[0] == number:  # the user saw the other change
            base = before or BudgetInfo(self.ctx.book_id or 0, year.year, number)
            before = replace(base, version=self._overwrite[1])
        typed = BudgetInfo(self.ctx.book_id or 0, year.year, number, adopted, self.note.text(), dict(self.model.amounts),
                           dict(self.model.notes))
        was_dirty, self._dirty = self._dirty, False  # saved: the reload that follows shows the stored version
        error = perform(self.ctx, SaveBudget(db, year, before, typed))
        self._dirty = was_dirty
        if error is not None:
            if isinstance(error, EditConflict):  # what is typed stays; saving again overwrites on purpose
                self._overwrite = (number, error.current_version)
            self.error.show_messages([p.message for p in error.problems])
            return False
        self._overwrite = None
        self._set_dirty(False)
        return True
