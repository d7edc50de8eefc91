"""Doing what a person does in the window — click, press a key, type into a field — and counting it.

A walkthrough test acts only through `UserActions`, so the figures it reports are the work a user
does: clicks (mouse), keys (Enter, Tab, shortcuts, a one-key grade) and fields typed into (with the
characters typed; Japanese text counts one character per character, although an input method takes
more keys for it). Steps group the counts ("名簿の取り込み", "出納簿 20行") for the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QCheckBox, QListWidget, QTabWidget, QWidget

from tests.helpers.qt_typing import replace_text, type_text

KINDS = ("clicks", "keys", "fields", "chars")


@dataclass
class UserActions:
    qtbot: object
    steps: dict[str, Counter] = field(default_factory=dict)
    step: str = "（始める前）"

    def begin(self, step: str) -> None:
        self.step = step
        self.steps.setdefault(step, Counter())

    def _count(self, kind: str, n: int = 1) -> None:
        self.steps.setdefault(self.step, Counter())[kind] += n

    # -- the mouse ------------------------------------------------------------------------------
    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        if isinstance(widget, QCheckBox) and pos is None:
            pos = QPoint(8, widget.height() // 2)  # on the box, not on the far end of its label
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
        self._count("clicks")

    def click_row(self, view: QAbstractItemView, row: int, column: int = 0) -> None:
        model = view.model()
        view.scrollTo(model.index(row, column))
        self.click(view.viewport(), view.visualRect(model.index(row, column)).center())

    def click_item(self, items: QListWidget, text: str) -> None:
        item = items.findItems(text, Qt.MatchFlag.MatchExactly)[0]
        self.click(items.viewport(), items.visualItemRect(item).center())

    def click_tab(self, tabs: QTabWidget, text: str) -> None:
        bar = tabs.tabBar()
        index = next(i for i in range(bar.count()) if bar.tabText(i) == text)
        self.click(bar, bar.tabRect(index).center())

    # -- the keyboard ---------------------------------------------------------------------------
    def key(self, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(widget, key, modifier)
            self._count("keys")

    def type(self, widget: QWidget, text: str) -> None:
        """Type into a field (at the cursor)."""
        type_text(self.qtbot, widget, text)
        self._count("fields")
        self._count("chars", len(text))

    def type_in_cell(self, view: QAbstractItemView, text: str) -> None:
        """Type over the current cell of a table and press Enter: the first key opens the cell's editor
        (as in Excel), the rest goes to that editor."""
        self.qtbot.keyClicks(view, text[0])
        editor = QApplication.focusWidget()
        assert editor is not view, "the cell did not open for typing"
        self.qtbot.keyClicks(editor, text[1:])
        self.qtbot.keyClick(editor, Qt.Key.Key_Return)
        self._count("fields")
        self._count("chars", len(text))
        self._count("keys")

    def retype(self, widget: QWidget, text: str) -> None:
        """Select what the field holds (Ctrl+A) and type over it."""
        replace_text(self.qtbot, widget, text)
        self._count("keys")
        self._count("fields")
        self._count("chars", len(text))

    # -- the figures ----------------------------------------------------------------------------
    def total(self, step: str | None = None) -> Counter:
        if step is not None:
            return Counter(self.steps.get(step, Counter()))
        return sum(self.steps.values(), Counter())

    @staticmethod
    def actions(counts: Counter) -> int:
        """Clicks, keys and fields typed: what a person does one at a time."""
        return counts["clicks"] + counts["keys"] + counts["fields"]

    def summary(self) -> str:
        lines = [f"{'手順':<16} クリック  キー  入力欄  文字  操作計"]
        for step, c in [*self.steps.items(), ("合計", self.total())]:
            if not any(c[k] for k in KINDS):
                continue
            lines.append(f"{step:<16} {c['clicks']:>7} {c['keys']:>5} {c['fields']:>7} {c['chars']:>5} "
                         f"{self.actions(c):>7}")
        return "\n".join(lines)
