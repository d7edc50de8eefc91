"""Small building blocks shared by the screens."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QVBoxLayout, QWidget


class FieldError(QLabel):
    """A red message shown next to (under) a form field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet("color: #b00020;")
        self.setWordWrap(True)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


def long_name_choice(combo: QComboBox, characters: int = 10) -> QComboBox:
    """A list of names that may be long (口座: 「普通預金_ゆうちょ銀行一関支店_地域協働体運営費」) in a row of
    fields: it asks for `characters` of width, not its longest name's (which would squeeze the fields
    beside it), takes more when the row has room, opens as wide as its longest name and shows the
    whole chosen name as its tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    combo.installEventFilter(_CurrentTextTip(combo))
    return combo


class _CurrentTextTip(QObject):
    """The combo's chosen text as its tooltip, taken when the tooltip is asked for (refilling the list
    with its signals blocked does not leave an old name there)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ToolTip and isinstance(watched, QComboBox):
            watched.setToolTip(watched.currentText())
        return False


def with_error(field: QWidget, error: FieldError) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


class NotYetPage(QWidget):
    """A section that later versions fill: says so plainly, shows no fake content."""

    def __init__(self, title: str, purpose: str):
        super().__init__()
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        message = QLabel(
            f"{purpose}<br><br>この画面はまだ準備中です。今後の更新で使えるようになります。"
        )
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(message)
        layout.addStretch(1)


class EmptyHint(QLabel):
    """Grey text in the middle of an empty list saying how to fill it — or, when rows exist but the
    search or filter hides them all, saying that. Clicks go through to the list."""

    FILTERED = "条件に合う行はありません。検索の文字や表示の条件を変えてみてください。"

    def __init__(self, view: QAbstractItemView, empty_text: str, filtered_text: str = FILTERED,
                 guide: str | None = None):
        """`guide`: the part of ヘルプ → はじめに (app.ui.guide_dialog.GUIDE_PARTS) an empty list links to."""
        super().__init__(view.viewport())
        self.view, self.empty_text, self.filtered_text, self.guide = view, empty_text, filtered_text, guide
        self.setObjectName(f"{view.objectName()}_empty_hint")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #666666;")
        self.linkActivated.connect(self._open_guide)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
            signal.connect(self.refresh)
        view.viewport().installEventFilter(self)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        model = self.view.model()
        if model.rowCount() > 0:
            self.hide()
            return
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else None
        filtered = source is not None and source.rowCount() > 0
        if filtered or self.guide is None:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setText(self.filtered_text if filtered else self.empty_text)
        else:
            from app.ui.guide_dialog import guide_link

            self.setTextFormat(Qt.TextFormat.RichText)
            self.setText(f"{html.escape(self.empty_text)}<br><br>{guide_link(self.guide)}".replace("\n", "<br>"))
        # Clicks go through to the list, except on a hint that has a link to follow.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, filtered or self.guide is None)
        self._place()
        self.show()

    def _open_guide(self, link: str) -> None:
        from app.ui.guide_dialog import open_guide

        open_guide(self.window(), link.removeprefix("guide:"))

    def _place(self) -> None:
        area = self.view.viewport().rect().adjusted(24, 12, -24, -12)
        self.setGeometry(area.left(), area.top(), area.width(), max(self.heightForWidth(area.width()), 40) + 24)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
