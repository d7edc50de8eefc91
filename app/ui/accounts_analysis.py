"""予算対比 (予算額, 執行額, 残額, 執行率 — overspending in red) and 月別集計 (4月 … 3月 per category)
with a bar chart drawn by hand, so that staff see at a glance where the money went."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts.analysis import (
    BudgetActual,
    MonthlyRow,
    budget_vs_actual,
    month_labels,
    monthly_totals,
)
from app.services.accounts.common import DIRECTION_LABELS, EXPENSE, INCOME
from app.ui.column_fit import SIDEWAYS_REASON
from app.ui.context import AppContext
from app.ui.monthly_chart import MonthlyChart, table_over_chart
from app.ui.table_model import ColumnSpec, RowTableModel

OVER = "#f8d7da"
TOTAL = "#fff2cc"


@dataclass(frozen=True)
class _BvaLine:
    kind_label: str
    name: str
    budget: int
    actual: int
    remaining: int
    rate_text: str
    over: bool = False
    total: bool = False


def _rate(actual: int, budget: int) -> str:
    return f"{actual / budget * 100:.1f}%" if budget else "—"


def _bva_lines(rows: list[BudgetActual]) -> list[_BvaLine]:
    lines = []
    for kind, label in ((INCOME, "収入合計"), (EXPENSE, "支出合計")):
        part = [r for r in rows if r.kind == kind]
        for r in part:
            lines.append(_BvaLine(r.kind_label, r.name, r.budget, r.actual, r.remaining, _rate(r.actual, r.budget),
                                  r.over_budget))
        b, a = sum(r.budget for r in part), sum(r.actual for r in part)
        lines.append(_BvaLine(DIRECTION_LABELS[kind], label, b, a, b - a, _rate(a, b),
                              over=kind == EXPENSE and a > b, total=True))
    return lines


class BudgetVsActualTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowTableModel(
            [ColumnSpec("kind_label", "区分"), ColumnSpec("name", "費目"), ColumnSpec("budget", "予算額", "yen"),
             ColumnSpec("actual", "執行額", "yen"), ColumnSpec("remaining", "残額", "yen"),
             ColumnSpec("rate_text", "執行率")],
            row_colour=lambda r: OVER if r.over else (TOTAL if r.total else None),
        )
        self.view = QTableView(objectName="budget_vs_actual_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(objectName="budget_vs_actual_summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("予算額は最新の補正後の額です。予算を超えた支出は赤で示します。"))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def reload(self) -> None:
        rows = budget_vs_actual(self.ctx.db, self.ctx.fiscal_year, book_id=self.ctx.book_id)
        self.model.set_rows(_bva_lines(rows))
        over = [r.name for r in rows if r.over_budget]
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
        self.model = RowTableModel(columns, row_colour=lambda r: TOTAL if r.is_total else None)
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
        lines = []
        for kind, label in ((INCOME, "収入合計"), (EXPENSE, "支出合計")):
            part = [r for r in self._rows if r.kind == kind]
            for r in part:
                lines.append(_MonthLine(DIRECTION_LABELS[kind], r.name, tuple(r.months), r.settlement_period, r.total))
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
