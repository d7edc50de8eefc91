"""A drawn grouped bar chart of the grade profile (0–100 per criterion), this year beside last year.

Drawn with QPainter rather than QtCharts: no extra module to ship, and it reads the same on paper.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

COLOURS = (QColor("#A5A5A5"), QColor("#4472C4"))  # last year grey, this year blue
MAX_SCORE = 100


class GradeProfileChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("grade_profile_chart")
        self.setMinimumHeight(190)
        self.setMaximumHeight(480)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.categories: list[str] = []
        self.series: list[tuple[str, list[int | None]]] = []  # (name, score per category; None = no grade)

    def set_data(self, categories: list[str], series: list[tuple[str, list[int | None]]]) -> None:
        self.categories, self.series = categories, series
        tips = [f"{c}: " + "、".join(f"{name} {'—' if v[i] is None else v[i]}" for name, v in series)
                for i, c in enumerate(categories)]
        self.setToolTip("評価項目別の評点（A=100・B=75・C=50・D=25 の平均）\n" + "\n".join(tips))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = p.fontMetrics()
        line = metrics.height()
        left, right, top, bottom = metrics.horizontalAdvance("100") + 10, 8, line + 6, 2 * line + 8
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        p.drawText(QRectF(0, 0, self.width(), line + 2), Qt.AlignmentFlag.AlignLeft,
                   "評価項目別の評点（100点満点）")
        grid = QPen(QColor("#DDDDDD"))
        for v in range(0, MAX_SCORE + 1, 25):
            y = plot.bottom() - plot.height() * v / MAX_SCORE
            p.setPen(grid)
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(0, y - line / 2, left - 4, line), Qt.AlignmentFlag.AlignRight, str(v))
        n = max(1, len(self.categories))
        slot = plot.width() / n
        bar = slot * 0.8 / max(1, len(self.series))
        for i, category in enumerate(self.categories):
            x0 = plot.left() + slot * i + slot * 0.1
            for s, (_name, values) in enumerate(self.series):
                value = values[i] if i < len(values) else None
                if value:
                    h = plot.height() * value / MAX_SCORE
                    p.fillRect(QRectF(x0 + bar * s, plot.bottom() - h, bar - 1, h), COLOURS[s % len(COLOURS)])
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(plot.left() + slot * i, plot.bottom() + 2, slot, line), Qt.AlignmentFlag.AlignHCenter,
                       category)
        x = plot.left()
        for s, (name, _values) in enumerate(self.series):  # legend
            y = plot.bottom() + line + 6
            p.fillRect(QRectF(x, y + 3, 10, 10), COLOURS[s % len(COLOURS)])
            p.drawText(QRectF(x + 14, y, 200, line), Qt.AlignmentFlag.AlignLeft, name)
            x += 24 + metrics.horizontalAdvance(name)
        p.end()
