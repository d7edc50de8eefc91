"""A bar chart by month (4月 … 3月), drawn by hand, and the layout that puts it under a table with
its controls: the 月別集計 of 管理費 and the 利用状況 of 施設 both show one."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget

from app.domain.money import format_amount
from app.services.accounts.analysis import month_labels


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

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
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


def table_over_chart(table: QWidget, controls: QLayout, chart: QWidget) -> QSplitter:
    """The table above; below it the chart's controls and the chart, the two parts resizable."""
    chart_box = QWidget()
    box = QVBoxLayout(chart_box)
    box.setContentsMargins(0, 0, 0, 0)
    box.addLayout(controls)
    box.addWidget(chart, 1)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(table)
    split.addWidget(chart_box)
    return split
