"""Tables whose columns would run past the right edge (large text, a 1366×768 screen) share the
width instead: amounts, counts and dates keep their width, headings stay readable, and the long
text columns give up room — their cells end in 「…」 and the tooltip shows all of it.

`keep_columns_in_view(view)` once per table; it refits when the table's width or rows change.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

_FITTER = "kyodo_column_fitter"
# A table that scrolls sideways on purpose says why in this property (the layout check accepts it).
SIDEWAYS_REASON = "kyodo_scrolls_sideways"
# {column: weight}: text columns that matter more get that many times the room of the others when cut.
COLUMN_WEIGHTS = "kyodo_column_weights"


def heading_width(view: QTableView, column: int) -> int:
    """What the column's heading needs to be read whole (the longest of its lines)."""
    header = view.horizontalHeader()
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
    metrics = header.fontMetrics()
    longest = max((metrics.horizontalAdvance(line) for line in text.splitlines()), default=0)
    return longest + 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 2


_DATE = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$")


def is_text_column(view: QTableView, column: int) -> bool:
    """Numbers (right-aligned) and dates are never cut (a cut amount is a wrong amount); text may be."""
    model = view.model()
    if model.rowCount() == 0:
        return True
    first = model.index(0, column)
    align = first.data(Qt.ItemDataRole.TextAlignmentRole)
    if align is not None and int(align) & int(Qt.AlignmentFlag.AlignRight):
        return False
    return not _DATE.match(str(first.data() or ""))


def _level(desired: dict[int, int], floor: dict[int, int], weight: dict[int, float], budget: int) -> int:
    """The width L such that the text columns, each cut to max(its floor, min(its wish, L × its weight)),
    fill `budget`."""
    def total(level: int) -> int:
        return sum(max(floor[i], min(desired[i], int(level * weight.get(i, 1)))) for i in desired)

    low, high = 0, max(desired.values(), default=0)
    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


def fit_columns(view: QTableView) -> None:
    header = view.horizontalHeader()
    model = view.model()
    if model is None or header.count() == 0:
        return
    available = view.viewport().width()
    shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
    stretch = {i for i in shown if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Stretch}
    if header.stretchLastSection() and shown:
        stretch.add(shown[-1])
    floor = {i: max(heading_width(view, i), header.minimumSectionSize()) for i in shown}
    # What each column would like: its contents (the rows on screen) or the width the page gave it,
    # whichever is smaller — an empty column asks only for its heading.
    contents = {i: max(floor[i], view.sizeHintForColumn(i)) for i in shown}
    desired = {i: contents[i] if i in stretch else min(header.sectionSize(i), contents[i]) for i in shown}
    for i in shown:  # a heading cut short where there is room: widen its column
        if i not in stretch and header.sectionSize(i) < floor[i] and \
                header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(i, floor[i])
    if header.length() <= available and all(header.sectionSize(i) + 2 >= floor[i] for i in stretch):
        return  # everything is in view already, the stretching columns' headings too
    if header.stretchLastSection() and shown:
        # A stretching last section never gets narrower than it was when stretching began: start it
        # again from its heading's width.
        header.setStretchLastSection(False)
        header.resizeSection(shown[-1], floor[shown[-1]])
        header.setStretchLastSection(True)
    # Numbers and dates get what their contents need (a page's generous sample width gives way);
    # text columns, the stretching ones among them, share the rest up to a common width.
    texts = {i: desired[i] for i in shown if is_text_column(view, i)}
    numbers = sum(contents[i] for i in shown if i not in texts)
    short = view.fontMetrics().horizontalAdvance("あ") * 3 + 8
    for i in texts:  # a short value (支出, 現金, a name of three characters) is never cut
        floor[i] = max(floor[i], min(contents[i], short))
    if numbers + sum(floor[i] for i in texts) > available:
        return  # it cannot fit even with every text cut to its heading: scrolling beats unreadable text
    weight = {int(k): float(v) for k, v in (view.property(COLUMN_WEIGHTS) or {}).items()}
    level = _level(texts, floor, weight, available - numbers)
    for i in shown:
        if i in stretch:
            continue  # takes what is left
        width = max(floor[i], min(texts[i], int(level * weight.get(i, 1)))) if i in texts else contents[i]
        if header.sectionResizeMode(i) == QHeaderView.ResizeMode.ResizeToContents:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(i, width)


class _ColumnFitter(QObject):
    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self, singleShot=True, interval=0)  # after the page has sized its columns
        self.timer.timeout.connect(lambda: fit_columns(self.view))
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.timer.start)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.timer.start()
        return False


def keep_columns_in_view(view: QTableView) -> None:
    """Fit `view`'s columns into its width now and whenever its width or rows change."""
    if view.model() is None or view.property(_FITTER):
        return
    view.setProperty(_FITTER, True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    _ColumnFitter(view)


class _ContentsFitter(QObject):
    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self, singleShot=True, interval=0)
        self.timer.timeout.connect(self.refit)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)  # (the text made larger or smaller)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
            signal.connect(self.timer.start)
        self.timer.start()

    def refit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        last = header.count() - 1 if header.stretchLastSection() else -1
        for i in range(header.count()):
            if i != last and not header.isSectionHidden(i):
                view.resizeColumnToContents(i)
        fit_columns(view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # (touches neither the view nor its viewport: the view may be going while its viewport still
        # sends events)
        if event.type() == QEvent.Type.FontChange or (
                isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width()):
            self.timer.start()  # (a height change — a scroll bar shown or hidden — leaves the widths)
        return False


def keep_columns_to_contents(view: QTableView) -> None:
    """For a table of a few rows whose long names should be read whole (口座名): every column as wide as
    its contents, again whenever the rows or the table's width change (narrowed once, they grow back
    when there is room); when they do not all fit, keep_columns_in_view shares the width and the cut
    text wraps onto more lines (the rows grow to their contents) instead of ending in 「…」."""
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # rows that grow when a column narrows never bring the vertical scroll bar in and out, so the
    # width the columns share stays the same (no refitting to and fro)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    keep_columns_in_view(view)
    _ContentsFitter(view)
