"""Tables whose columns would run past the right edge (large text, a 1366×768 screen) share the
width instead: amounts, counts and dates keep their width, headings stay readable, and the long
text columns give up room — their cells end in 「…」 and the tooltip shows all of it.

`keep_columns_in_view(view)` once per table; it refits when the table's width or rows change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

_FITTER = "kyodo_column_fitter"
# A table that scrolls sideways on purpose says why in this property (the layout check accepts it).
SIDEWAYS_REASON = "kyodo_scrolls_sideways"


def heading_width(view: QTableView, column: int) -> int:
    """What the column's heading needs to be read whole (the longest of its lines)."""
    header = view.horizontalHeader()
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
    metrics = header.fontMetrics()
    longest = max((metrics.horizontalAdvance(line) for line in text.splitlines()), default=0)
    return longest + 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 2


def _is_text_column(view: QTableView, column: int) -> bool:
    """Numbers are right-aligned; their width never shrinks (a cut amount is a wrong amount)."""
    model = view.model()
    if model.rowCount() == 0:
        return True
    align = model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole)
    return not (align is not None and int(align) & int(Qt.AlignmentFlag.AlignRight))


def _level(desired: dict[int, int], floor: dict[int, int], budget: int) -> int:
    """The width L such that the text columns, each cut to max(its floor, min(its wish, L)), fill `budget`."""
    def total(level: int) -> int:
        return sum(max(floor[i], min(desired[i], level)) for i in desired)

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
    if header.length() <= available:
        return  # everything is in view already
    texts = {i: desired[i] for i in shown if _is_text_column(view, i)}
    numbers = sum(max(desired[i], header.sectionSize(i)) if i not in stretch else desired[i]
                  for i in shown if i not in texts)
    if numbers + sum(floor[i] for i in texts) > available:
        return  # it cannot fit even with every text cut to its heading: scrolling beats unreadable text
    level = _level(texts, floor, available - numbers)
    if header.stretchLastSection() and shown:
        # A stretching last section never gets narrower than it was when stretching began: start it
        # again from its heading's width.
        header.setStretchLastSection(False)
        header.resizeSection(shown[-1], floor[shown[-1]])
        header.setStretchLastSection(True)
    for i in shown:
        if i in stretch:
            continue  # takes what is left
        width = max(floor[i], min(texts[i], level)) if i in texts else max(desired[i], header.sectionSize(i))
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
