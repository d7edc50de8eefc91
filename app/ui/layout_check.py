"""The layout self-check behind `kyodo --db PATH --smoke --text-size 150 --screen 1366x768`.

Opens every section (and every tab in it) and every dialog reachable by a 「…」 button or menu entry
at the given text size in a window as large as the screen, and lists each control a person could
not use there: off the screen, cut off by its parent, text wider than its control, a table whose
columns only show after scrolling sideways, tabs hidden behind scroll arrows. Dialogs are closed
again with 「キャンセル」 (reject), so the check changes nothing in the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTabWidget,
    QWidget,
)

from app.ui.column_fit import SIDEWAYS_REASON, heading_width, is_text_column

SCREEN_PATTERN = re.compile(r"^(\d{3,5})x(\d{3,5})$")
# What the screen leaves a maximised window on the office PC: the Windows taskbar (40 px) below
# and the window's title bar (32 px) above its contents.
TASKBAR_AND_TITLE = 72
# Buttons that open a dialog say so with 「…」; these open a file chooser first and nothing of ours.
_SKIP_BUTTONS = {"参照…"}


@dataclass(frozen=True)
class Finding:
    where: str  # 「管理費 > 現金出納簿」, 「ダイアログ: 評価の視点」
    control: str  # what a person sees: the button's text, the label, the column header
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.control} — {self.problem}"


def parse_screen(text: str) -> tuple[int, int]:
    match = SCREEN_PATTERN.match(text.strip().lower())
    if not match:
        raise ValueError(f"--screen は 幅x高さ（例: 1366x768）で指定してください: {text}")
    return int(match[1]), int(match[2])


# -- one widget tree ---------------------------------------------------------------------------------
def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text()
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    text = re.sub(r"<[^>]+>", "", text).replace("\n", " ").strip()
    kind = type(widget).__name__
    name = widget.objectName()
    label = f"「{text[:30]}」" if text else ""
    return f"{kind}{label}{f' ({name})' if name else ''}"


def _inside_scrolled_content(widget: QWidget, root: QWidget) -> bool:
    """Content of a scroll area (a form in a QScrollArea, cells' editors) is reached by scrolling."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def _visible_rect(widget: QWidget, root: QWidget) -> QRect:
    """The part of `widget` its ancestors up to `root` leave visible, in root coordinates."""
    rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        rect = rect.intersected(QRect(parent.mapTo(root, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(root.rect())


def _text_clipped(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return f"文字が下で切れています（高さ {widget.height()} < {needed}）"
            return None
        if widget.width() + 1 < widget.minimumSizeHint().width():
            return f"文字が切れています（幅 {widget.width()} < {widget.minimumSizeHint().width()}）"
    elif isinstance(widget, QPushButton | QCheckBox | QRadioButton):
        if widget.text() and widget.width() + 1 < widget.minimumSizeHint().width():
            return f"文字が切れています（幅 {widget.width()} < {widget.minimumSizeHint().width()}）"
        if isinstance(widget, QCheckBox | QRadioButton):
            indicator = widget.style().pixelMetric(
                QStyle.PixelMetric.PM_IndicatorWidth if isinstance(widget, QCheckBox)
                else QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, widget)
            if indicator < widget.fontMetrics().height() * 0.7:
                return f"チェック欄が文字に比べて小さすぎます（{indicator}px）"
    elif isinstance(widget, QGroupBox):
        if widget.title() and widget.width() + 1 < widget.minimumSizeHint().width():
            return f"見出しが切れています（幅 {widget.width()} < {widget.minimumSizeHint().width()}）"
    elif isinstance(widget, QComboBox):
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget)
        needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
        # The style draws the label a few pixels wider than the edit field it reports (the screenshots
        # show 「（2026年度）」 whole at 4 px short): only more than that is a cut.
        if widget.currentText() and field.width() + 6 < needed:
            return f"選んだ項目が切れています（幅 {field.width()} < {needed}）"
    elif isinstance(widget, QTabBar):
        if widget.count() and widget.width() + 1 < widget.sizeHint().width():
            return "タブの一部が矢印の先に隠れています"
    elif isinstance(widget, QLineEdit):
        # Long text scrolls inside its field; short text (a mark, a date, a code) must show whole.
        text = widget.text() or widget.placeholderText()
        metrics = widget.fontMetrics()
        needed = min(metrics.horizontalAdvance(text), metrics.horizontalAdvance("あ") * 8) + 8
        if text and widget.width() < needed:
            return f"入力欄が狭く、文字が切れています（幅 {widget.width()} < {needed}）"
    return None


def _table_problem(view: QTableView) -> str | None:
    """Columns that need a sideways scroll to be seen, or headings cut short."""
    header = view.horizontalHeader()
    if not header.isVisible() or view.model() is None:
        return None
    shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
    width = sum(header.sectionSize(i) for i in shown)
    viewport = view.viewport().width()
    if width > viewport + 2 and not view.property(SIDEWAYS_REASON):
        right = viewport + header.offset()
        hidden = [
            str(view.model().headerData(i, Qt.Orientation.Horizontal) or i)
            for i in shown if header.sectionViewportPosition(i) + header.sectionSize(i) > viewport
        ]
        if hidden:
            return f"横にスクロールしないと見えない列があります: {'、'.join(hidden)}（表の幅 {viewport} < {width}, {right}）"
    cut = [
        str(view.model().headerData(i, Qt.Orientation.Horizontal) or "").replace("\n", "")
        for i in shown if header.sectionSize(i) + 2 < heading_width(view, i)
    ]
    if cut:
        return f"列の見出しが切れています: {'、'.join(cut)}"
    # an amount cut to 「14,41…」 is a wrong amount: a number column is as wide as its widest cell shown
    # (the delegate's size, bold 款・項 sums included)
    short = [
        str(view.model().headerData(i, Qt.Orientation.Horizontal) or "").replace("\n", "")
        for i in shown if not is_text_column(view, i) and header.sectionSize(i) + 2 < view.sizeHintForColumn(i)
    ]
    if short:
        return f"数字の列が狭く、金額が切れています: {'、'.join(short)}"
    return None


def check_tree(root: QWidget, where: str, screen: QRect) -> list[Finding]:
    """Every visible control under `root` (a window or dialog) that cannot be used as it is shown."""
    findings: list[Finding] = []
    top = root.window()
    window_on_screen = top.frameGeometry()
    if not screen.contains(window_on_screen):
        findings.append(Finding(where, _describe(top),
                                f"画面 {screen.width()}×{screen.height()} に収まりません"
                                f"（{window_on_screen.width()}×{window_on_screen.height()}）"))
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top or widget.width() <= 0:
            continue
        if not isinstance(widget, QAbstractButton | QLabel | QComboBox | QGroupBox | QTabBar | QLineEdit
                          | QAbstractItemView):
            continue
        if isinstance(widget, QHeaderView) or widget.objectName().startswith(("qt_", "Scroll")):
            continue
        scrolled = _inside_scrolled_content(widget, top)
        if not scrolled:
            global_rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
            if not screen.contains(global_rect):
                findings.append(Finding(where, _describe(widget), "画面の外にはみ出しています"))
                continue
            seen = _visible_rect(widget, top)
            if seen.width() + 1 < widget.width() or seen.height() + 1 < widget.height():
                findings.append(Finding(where, _describe(widget),
                                        f"一部が隠れています（見える部分 {seen.width()}×{seen.height()}"
                                        f" / {widget.width()}×{widget.height()}）"))
                continue
        problem = _text_clipped(widget)
        if problem is None and isinstance(widget, QTableView):
            problem = _table_problem(widget)
        if problem:
            findings.append(Finding(where, _describe(widget), problem))
    return findings


# -- walking the window ------------------------------------------------------------------------------
def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _tab_states(page: QWidget, where: str) -> Iterator[str]:
    """Show each tab of each tab widget in turn (nested ones too); yields where we are."""
    tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
    if not tabs:
        yield where
        return
    outer = tabs[0]
    for index in range(outer.count()):
        if not outer.isTabEnabled(index):
            continue
        outer.setCurrentIndex(index)
        _settle()
        inner_where = f"{where} > {outer.tabText(index).replace('&', '')}"
        inner = [t for t in outer.widget(index).findChildren(QTabWidget) if t.isVisible()]
        if not inner:
            yield inner_where
            continue
        for j in range(inner[0].count()):
            inner[0].setCurrentIndex(j)
            _settle()
            yield f"{inner_where} > {inner[0].tabText(j).replace('&', '')}"


def _select_first_rows(page: QWidget) -> None:
    """Edit buttons act on the selected row: select one where a list has rows."""
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() > 0 and not view.currentIndex().isValid():
            view.setCurrentIndex(model.index(0, 0))


def _dialog_buttons(page: QWidget) -> list[QPushButton]:
    return [
        b for b in page.findChildren(QPushButton)
        if b.isVisible() and b.isEnabled() and b.text().endswith("…") and b.text() not in _SKIP_BUTTONS
    ]


SEEN = "layout_check_seen"


class _DialogCatcher:
    """While a button's click runs (modal dialogs run their own event loop), check each dialog that
    appears, hand it to `on_dialog`, and close it with reject — nothing is saved."""

    def __init__(self, on_dialog: Callable[[QDialog], None]):
        self.on_dialog = on_dialog
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._poll)

    def _poll(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMenu) and widget.isVisible():
                widget.close()
            elif isinstance(widget, QDialog) and widget.isVisible() and not widget.property(SEEN):
                # marked on the dialog itself: an id() may be reused by the next dialog once the
                # last one is gone, which left that one open (and the check waiting) now and then
                widget.setProperty(SEEN, True)
                _settle()
                try:
                    self.on_dialog(widget)
                finally:
                    widget.reject()

    def run(self, trigger: Callable[[], None]) -> None:
        for w in QApplication.topLevelWidgets():
            if w.isVisible():
                w.setProperty(SEEN, True)
        self.timer.start()
        try:
            trigger()
            _settle()
            self._poll()  # dialogs opened with open() instead of exec()
        finally:
            self.timer.stop()


@dataclass(frozen=True)
class LayoutCheck:
    """`--smoke --text-size N --screen WxH`: run in the started window, print findings, exit 1 if any."""

    text_size: int
    screen: tuple[int, int]
    shots: Path | None = None  # screenshots of every screen and dialog (PNG), for people to look at

    def emulate_screen(self) -> None:
        """Before Qt starts: draw off screen on one screen of exactly this size, whatever the machine has."""
        import json
        import os
        import tempfile

        width, height = self.screen
        config = {"screens": [{"name": "kyodo-check", "x": 0, "y": 0, "width": width, "height": height,
                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
        handle, path = tempfile.mkstemp(prefix="kyodo-screen-", suffix=".json")
        with os.fdopen(handle, "w") as file:
            json.dump(config, file)
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"

    def run(self, window) -> int:
        import sys

        result = run_check(window, self.screen, self.shots)
        for finding in result.findings:
            print(finding)
        width, height = self.screen
        print(f"{len(result.visited)} 画面を {width}×{height}、文字 {self.text_size}% で確認しました: "
              f"問題 {len(result.findings)} 件", file=sys.stderr)
        return 1 if result.findings else 0


@dataclass
class CheckRun:
    """Where the check went and what it found; screenshots go to `shots` when given."""

    screen: QRect
    shots: Path | None = None
    findings: list[Finding] | None = None
    visited: list[str] | None = None

    def __post_init__(self) -> None:
        self.findings, self.visited = [], []

    def look(self, root: QWidget, where: str) -> None:
        _settle()
        self.visited.append(where)
        # The window's own bar is seen from every section: name each problem once.
        known = {(f.control, f.problem) for f in self.findings}
        self.findings.extend(f for f in check_tree(root, where, self.screen) if (f.control, f.problem) not in known)
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[\\/:*?\"<>| ]+", "_", where)
            root.window().grab().save(str(self.shots / f"{len(self.visited):02d}_{name}.png"))

    def look_at_dialog(self, dialog: QDialog, opened_from: str) -> None:
        _fit_on_screen(dialog, self.screen)
        _settle()
        self.look(dialog, f"{opened_from} → ダイアログ「{dialog.windowTitle()}」")


def _fit_on_screen(dialog: QWidget, screen: QRect) -> None:
    """Where the window system would put it: centred, inside the screen when it is small enough."""
    frame = dialog.frameGeometry()
    frame.moveCenter(screen.center())
    frame.moveLeft(max(screen.left(), frame.left()))
    frame.moveTop(max(screen.top(), frame.top()))
    dialog.move(frame.topLeft())


def run_check(window, screen_size: tuple[int, int], shots: Path | None = None) -> CheckRun:
    """Open every section, tab and dialog of `window` (a MainWindow) on a screen of `screen_size`."""
    width, height = screen_size
    screen = QRect(0, 0, width, height - TASKBAR_AND_TITLE)
    run = CheckRun(screen, shots)
    window.showNormal()
    window.move(0, 0)
    _settle()
    # As large as the window may be there (maximised on the office PC), its frame included.
    frame = window.frameGeometry().size() - window.size()
    window.resize(screen.size() - frame)
    _settle()
    clicked: set[int] = set()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        _settle()
        section = window.nav.item(row).text()
        page = window.stack.currentWidget()
        for where in _tab_states(page, section):
            run.look(window, where)
            _select_first_rows(page)
            for button in _dialog_buttons(page):
                if not button.isVisible() or id(button) in clicked:
                    continue  # a button beside the tabs opens the same dialog from every tab
                clicked.add(id(button))
                catcher = _DialogCatcher(lambda d, w=where, b=button: run.look_at_dialog(d, f"{w} > {b.text()}"))
                catcher.run(button.click)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:
            if isinstance(action, QAction) and "…" in action.text() and action.isEnabled():
                title = f"{menu_action.text()} > {action.text()}".replace("&", "")
                catcher = _DialogCatcher(lambda d, t=title: run.look_at_dialog(d, t))
                catcher.run(action.trigger)
    return run
