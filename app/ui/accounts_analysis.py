"""予算対比 (款・項 subtotals; 予算額, 流用・充用, 執行額, 残額, 執行率 — overspending in red; the 決算の備考
typed per 目) and 月別集計 (4月 … 3月 per category)
with a bar chart drawn by hand, so that staff see at a glance where the money went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts.analysis import (
    MonthlyRow,
    StatementLine,
    month_labels,
    monthly_totals,
    statement_lines,
)
from app.services.accounts.categories import list_categories, under_headings
from app.services.accounts.common import DIRECTION_LABELS, EXPENSE, INCOME
from app.services.records import EditConflict
from app.ui.column_fit import SIDEWAYS_REASON
from app.ui.context import AppContext
from app.ui.monthly_chart import MonthlyChart, table_over_chart
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, Index, RowTableModel
from app.ui.widgets import FieldError

OVER = "#f8d7da"
TOTAL = "#fff2cc"
HEADING = "#eef2f7"  # a 款・項: the sums of the 目 under it


@dataclass(frozen=True)
class _BvaLine:
    kind_label: str
    name: str  # indented by its level: 款, 項, then 目
    budget: int
    moved: int  # 流用・充用 received (−: given), already in `budget`
    actual: int
    remaining: int
    rate_text: str
    settlement_note: str = ""
    over: bool = False
    total: bool = False
    heading: bool = False
    category_id: int | None = None  # a 目: its 決算の備考 can be typed

    @property
    def moved_text(self) -> str:
        return f"{self.moved:+,}".replace("-", "△") if self.moved else ""


def _rate(actual: int, budget: int) -> str:
    return f"{actual / budget * 100:.1f}%" if budget else "—"


def _bva_lines(lines: list[StatementLine]) -> list[_BvaLine]:
    """Each side's 款・項 (with the sums of the 目 under them) and 目 in tree order, then its total."""
    out = []
    for kind, label in ((INCOME, "収入合計"), (EXPENSE, "支出合計")):
        part = [x for x in lines if x.kind == kind]
        for x in part:
            kind_label = DIRECTION_LABELS[kind] + (f"（{x.level_label}）" if x.heading else "")
            out.append(_BvaLine(kind_label, "　" * (x.depth - 1) + x.name, x.budget, x.moved, x.actual, x.remaining,
                                _rate(x.actual, x.budget), x.settlement_note, x.over_budget,
                                heading=x.heading, category_id=None if x.heading else x.category_id))
        items = [x for x in part if not x.heading]
        b, a = sum(x.budget for x in items), sum(x.actual for x in items)
        out.append(_BvaLine(DIRECTION_LABELS[kind], label, b, sum(x.moved for x in items), a, b - a, _rate(a, b),
                            over=kind == EXPENSE and a > b, total=True))
    return out


NOTE_COLUMN = 7


class _BvaModel(RowTableModel):
    """The 予算対比 rows; the 決算の備考 of a 目 is typed in its cell (double-click or F2) and handed to
    `typed` (category id, name, before, after) — the tab stores it as an undoable operation."""

    def __init__(self, typed: Callable[[int, str, str, str], None]) -> None:
        super().__init__(
            [ColumnSpec("kind_label", "区分"), ColumnSpec("name", "費目"), ColumnSpec("budget", "予算額", "yen"),
             ColumnSpec("moved_text", "流用・充用"), ColumnSpec("actual", "執行額", "yen"),
             ColumnSpec("remaining", "残額", "yen"), ColumnSpec("rate_text", "執行率"),
             ColumnSpec("settlement_note", "決算の備考")],
            row_colour=lambda r: OVER if r.over else (TOTAL if r.total else (HEADING if r.heading else None)),
            row_bold=lambda r: r.heading,
        )
        self.typed = typed
        self.editable = True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        row = self.row_at(index.row()) if index.isValid() else None
        if self.editable and row is not None and row.category_id is not None and index.column() == NOTE_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.EditRole and index.column() == NOTE_COLUMN:
            return self.row_at(index.row()).settlement_note
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        row = self.row_at(index.row())
        text = str(value or "").strip()
        if index.column() != NOTE_COLUMN or row.category_id is None or text == row.settlement_note:
            return False
        # after the editor has closed: storing it reloads the table
        QTimer.singleShot(0, lambda: self.typed(row.category_id, row.name.strip(), row.settlement_note, text))
        return True


class BudgetVsActualTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = _BvaModel(self._note_typed)
        self.view = QTableView(objectName="budget_vs_actual_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # 区分 (収入（款）), the amounts (the bold 款 sums the widest) and 執行率 are never cut, also with
        # large text: a few dozen rows, cheap
        for column in (0, 2, 3, 4, 5, 6):
            self.view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.summary = QLabel(objectName="budget_vs_actual_summary")
        self.summary.setWordWrap(True)
        self.error = FieldError()
        self.error.setObjectName("budget_vs_actual_error")
        hint = QLabel("予算額は最新の補正後の額に流用・充用を加えた額です。予算を超えた支出は赤で示します。"
                      "「決算の備考」はダブルクリックで入力でき、収支決算書の備考に載ります。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)

    def set_editable(self, editable: bool) -> None:
        self.model.editable = editable

    def _note_typed(self, category_id: int, name: str, before: str, after: str) -> None:
        from app.services.accounts.operations import save_settlement_note

        step = save_settlement_note(self.ctx.db, self.ctx.fiscal_year, (category_id, name), before, after)
        error = perform(self.ctx, step)  # the page reloads this tab (BUDGETS)
        if isinstance(error, EditConflict):  # another PC's 備考 came first: what was typed is offered again
            answer = QMessageBox.question(self, "決算の備考", f"{error}\n\nあなたの入力で上書きしますか？")
            if answer == QMessageBox.StandardButton.Yes:
                self._note_typed(category_id, name, error.current, after)
                return
        self.error.show_messages([str(error)] if error is not None else [])

    def reload(self) -> None:
        lines = statement_lines(self.ctx.db, self.ctx.fiscal_year, book_id=self.ctx.book_id)
        self.model.set_rows(_bva_lines(lines))
        self.view.setColumnHidden(3, not any(x.moved for x in lines))  # no 流用・充用 this year
        over = [x.name for x in lines if x.over_budget]
        self.summary.setText(
            f"予算を超えている費目: {'、'.join(over)}（補正予算か流用の手続きが必要です）" if over else "予算を超えている費目はありません。"
        )
        self.summary.setStyleSheet("color: #b00020; font-weight: bold;" if over else "")


@dataclass(frozen=True)
class _MonthLine:
    kind_label: str
    name: str
    values: tuple[int, ...]
    settlement: int
    total: int
    is_total: bool = False
    heading: bool = False  # a 款・項: the sums of the 目 under it

    def __getattr__(self, key: str):
        if key.startswith("m") and key[1:].isdigit():
            return self.values[int(key[1:])] or None
        raise AttributeError(key)


class MonthlyTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        columns = [ColumnSpec("kind_label", "区分"), ColumnSpec("name", "費目")]
        columns += [ColumnSpec(f"m{i}", label, "yen") for i, label in enumerate(month_labels())]
        columns += [ColumnSpec("settlement", "出納整理期間", "yen"), ColumnSpec("total", "合計", "yen")]
        self.model = RowTableModel(columns, row_colour=lambda r: TOTAL if r.is_total else (HEADING if r.heading else None),
                                   row_bold=lambda r: r.heading)
        self.view = QTableView(objectName="monthly_table")
        self.view.setModel(self.model)
        # Twelve months and the total of amounts that must never be cut: with large text they scroll.
        self.view.setProperty(SIDEWAYS_REASON, "4月〜3月と合計の金額は省略せず、収まらないときは横に送ります")
        self.view.verticalHeader().hide()
        self.view.resizeColumnsToContents()
        self.choice = QComboBox(objectName="monthly_choice")
        self.choice.currentIndexChanged.connect(self._draw)
        self.chart = MonthlyChart()
        self._rows: list[MonthlyRow] = []
        top = QHBoxLayout()
        top.addWidget(QLabel("グラフ:"))
        top.addWidget(self.choice, 1)
        split = table_over_chart(self.view, top, self.chart)
        split.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def reload(self) -> None:
        self._rows = monthly_totals(self.ctx.db, self.ctx.fiscal_year, book_id=self.ctx.book_id)
        by_id = {r.category_id: r for r in self._rows}
        tree = under_headings(list_categories(self.ctx.db, book_id=self.ctx.book_id, include_headings=True), by_id)
        lines = []
        for kind, label in ((INCOME, "収入合計"), (EXPENSE, "支出合計")):
            part = [r for r in self._rows if r.kind == kind]
            for c, ids in (x for x in tree if x[0].kind == kind):
                months = tuple(sum(by_id[i].months[m] for i in ids) for m in range(12))
                settle = sum(by_id[i].settlement_period for i in ids)
                kind_label = DIRECTION_LABELS[kind] + (f"（{c.level_label}）" if c.heading else "")
                lines.append(_MonthLine(kind_label, c.tree_name, months, settle, sum(months) + settle,
                                        heading=c.heading))
            sums = tuple(sum(r.months[i] for r in part) for i in range(12))
            settle = sum(r.settlement_period for r in part)
            lines.append(_MonthLine(DIRECTION_LABELS[kind], label, sums, settle, sum(sums) + settle, True))
        self.model.set_rows(lines)
        self.view.setColumnHidden(14, not any(r.settlement_period for r in self._rows))
        self.view.resizeColumnsToContents()  # about twenty rows: cheap
        current = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem("収入合計と支出合計", None)
        for r in self._rows:
            if r.total:
                self.choice.addItem(f"{DIRECTION_LABELS[r.kind]}: {r.name}", r.category_id)
        index = self.choice.findData(current)
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self._draw()

    def _draw(self, *_args) -> None:
        chosen = self.choice.currentData()
        if chosen is None:
            # 前年度繰越金 is the balance brought in, not April's income: it would dwarf every month.
            flows = [r for r in self._rows if not r.carry_forward]
            series = [
                (label, [sum(r.months[i] for r in flows if r.kind == kind) for i in range(12)])
                for kind, label in ((INCOME, "収入（前年度繰越金を除く）"), (EXPENSE, "支出"))
            ]
        else:
            row = next(r for r in self._rows if r.category_id == chosen)
            series = [(row.name, list(row.months))]
        self.chart.set_series(series)
