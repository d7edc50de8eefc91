"""予算対比 (予算額, 執行額, 残額, 執行率 — overspending in red) and 月別集計 (4月 … 3月 per category)
with a bar chart drawn by hand, so that staff see at a glance where the money went."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.money import format_amount
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


def axis_steps(peak: int, most: int = 5) -> tuple[int, int]:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ yen) and how many steps reach `peak`, at most `most` of them."""
    if peak <= 0:
        return 1000, 1
    exponent = len(str(peak)) - 1
    for power in range(max(0, exponent - 1), exponent + 2):
        for tenths in (10, 20, 25, 50):
            step = tenths * 10**power // 10
            if step and tenths * 10**power % 10 == 0 and -(-peak // step) <= most:
                return step, -(-peak // step)
    return 10 ** (exponent + 1), 1


class MonthlyChart(QWidget):
    """Grouped bars per month (収入 blue, 支出 orange), with the amount in 万円 above each bar."""

    COLOURS = (QColor("#4472C4"), QColor("#ED7D31"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("monthly_chart")
        self.setMinimumHeight(220)
        self.series: list[tuple[str, list[int]]] = []

    def set_series(self, series: list[tuple[str, list[int]]]) -> None:
        self.series = series
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        labels = month_labels()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        line = p.fontMetrics().height()
        step, steps = axis_steps(max([v for _n, values in self.series for v in values] + [0]))
        peak = step * steps
        left = p.fontMetrics().horizontalAdvance(format_amount(peak)) + 12
        right, top, bottom = 16, line + 14, line + 10
        w, h = self.width() - left - right, self.height() - top - bottom
        # gridlines at round amounts, so a bar can be read without the table
        p.setPen(QPen(QColor("#dddddd")))
        for i in range(steps + 1):
            y = top + h - h * i / steps
            p.drawLine(left, int(y), left + w, int(y))
            p.setPen(QColor("#555555"))
            p.drawText(QRectF(0, y - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight, format_amount(step * i))
            p.setPen(QPen(QColor("#dddddd")))
        slot = w / 12
        n = max(1, len(self.series))
        bar = slot * 0.8 / n
        for m, label in enumerate(labels):
            x0 = left + slot * m + slot * 0.1
            for s, (_name, values) in enumerate(self.series):
                value = values[m]
                bh = h * value / peak
                rect = QRectF(x0 + s * bar, top + h - bh, bar - 1, bh)
                p.fillRect(rect, self.COLOURS[s % 2])
            p.setPen(QColor("#222222"))
            p.drawText(QRectF(left + slot * m, top + h + 4, slot, line), Qt.AlignmentFlag.AlignCenter, label)
        # legend
        x = left
        for s, (name, _values) in enumerate(self.series):
            p.fillRect(QRectF(x, 6, line * 0.7, line * 0.7), self.COLOURS[s % 2])
            p.setPen(QColor("#222222"))
            width = p.fontMetrics().horizontalAdvance(name)
            p.drawText(QRectF(x + line, 2, width + 4, line + 4), Qt.AlignmentFlag.AlignVCenter, name)
            x += line + width + 2 * line
        p.end()


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
        chart_box = QWidget()
        cl = QVBoxLayout(chart_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(top)
        cl.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(chart_box)
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
