"""Load the bundled Japanese font so text never shows as boxes on a PC without CJK fonts, and
size it by the user's setting (表示 > 文字を大きく / 文字を小さく / 標準の大きさ)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from app.paths import font_path

BASE_POINT_SIZE = 11
STANDARD_SCALE = 100
# The steps 文字を大きく / 文字を小さく go through, in percent of BASE_POINT_SIZE.
SCALE_STEPS = (80, 90, 100, 110, 125, 150, 175, 200)
_BASE_ROW_HEIGHT = "kyodo_base_row_height"
INDICATOR_RATIO = 0.8  # a check box's side to the text's line height  # a table's own row height before any enlarging


def load_bundled_font() -> str:
    """Register IPAexGothic with Qt and return its family name ("" if the file is missing)."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def clamp_scale(scale_percent: int) -> int:
    return max(50, min(scale_percent, 300))


def apply_app_font(app: QApplication, family: str, scale_percent: int = STANDARD_SCALE) -> None:
    font = QFont(family) if family else app.font()
    font.setPointSizeF(BASE_POINT_SIZE * clamp_scale(scale_percent) / 100)
    app.setFont(font)
    # The style draws check boxes and radio buttons at one size whatever the text: grow them with it.
    box = round(QFontMetrics(font).height() * INDICATOR_RATIO)
    app.setStyleSheet(f"QCheckBox::indicator, QRadioButton::indicator {{ width: {box}px; height: {box}px; }}")


def step_scale(current: int, direction: int) -> int:
    """The next step up (direction 1) or down (-1) from `current`; stays at the ends."""
    if direction > 0:
        return next((s for s in SCALE_STEPS if s > current), max(current, SCALE_STEPS[-1]))
    return next((s for s in reversed(SCALE_STEPS) if s < current), min(current, SCALE_STEPS[0]))


def set_font_scale(app: QApplication, scale_percent: int) -> None:
    """Resize the whole window's text now, keeping the family that is in use."""
    from PySide6.QtCore import QEvent  # (here, not above: the first paint needs only the font)

    apply_app_font(app, app.font().family(), scale_percent)
    # Qt hands the new font to the widgets through posted events: deliver them now, so that what is
    # measured next (row heights, column widths) is measured in the new size.
    QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    # Qt passes widgets with their own style sheet by (a bold label, the navigation's padding):
    # setting the sheet again makes them take the new size too.
    for widget in QApplication.allWidgets():
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())


def fit_tables(root: QWidget, ratio: float = 1.0) -> None:
    """After the text size changed: rows tall enough for the text, and the columns the program or the
    user sized (not the stretching or self-sizing ones) widened or narrowed by `ratio`."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    from app.ui.column_fit import fit_columns, keep_columns_in_view

    for view in root.findChildren(QTableView):
        keep_columns_in_view(view)  # and, whatever the size, columns stay inside the table's width
        rows = view.verticalHeader()
        base = view.property(_BASE_ROW_HEIGHT)
        if base is None:
            base = rows.defaultSectionSize()
            view.setProperty(_BASE_ROW_HEIGHT, base)
        rows.setDefaultSectionSize(max(int(base), view.fontMetrics().height() + 6))
        if ratio == 1.0:
            continue
        columns = view.horizontalHeader()
        last = columns.count() - 1
        for i in range(columns.count()):
            stretched = columns.stretchLastSection() and i == last
            if columns.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive and not stretched:
                columns.resizeSection(i, round(columns.sectionSize(i) * ratio))
        fit_columns(view)
        view.scrollTo(view.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)
