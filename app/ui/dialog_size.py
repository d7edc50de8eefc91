"""Dialogs grow with the text size (表示 → 文字を大きく) and never grow past the screen they are on."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.ui.fonts import BASE_POINT_SIZE

# Room the window system keeps: the taskbar and the dialog's own title bar and frame.
_SCREEN_MARGIN_WIDTH = 24
_SCREEN_MARGIN_HEIGHT = 80


def text_scale() -> float:
    """The text size now, as a factor of the standard size (1.5 at 150%)."""
    return QApplication.font().pointSizeF() / BASE_POINT_SIZE


def screen_room(widget: QWidget) -> tuple[int, int]:
    """The largest width and height a dialog of `widget` may have on its screen."""
    anchor = widget.parentWidget() or widget
    available = anchor.screen().availableGeometry()
    return available.width() - _SCREEN_MARGIN_WIDTH, available.height() - _SCREEN_MARGIN_HEIGHT


def size_to_text(dialog: QWidget, width: int, height: int) -> None:
    """Resize to `width`×`height` (pixels at the standard text size), scaled with the text, within the screen."""
    scale = text_scale()
    room_width, room_height = screen_room(dialog)
    dialog.resize(min(round(width * scale), room_width), min(round(height * scale), room_height))


def fit_to_screen(dialog: QWidget, scroll: QScrollArea) -> None:
    """Size a dialog with a scrolling part: all of it in view when the screen has room, else the screen."""
    room_width, room_height = screen_room(dialog)
    extra = dialog.sizeHint() - scroll.sizeHint()  # buttons, margins: what does not scroll
    inner = scroll.widget()
    if inner is None:  # nothing to scroll (yet): nothing to fit
        return
    contents = inner.sizeHint()
    scrollbar = scroll.verticalScrollBar().sizeHint().width()
    dialog.resize(min(max(dialog.sizeHint().width(), contents.width() + extra.width() + scrollbar), room_width),
                  min(contents.height() + extra.height() + 4, room_height))


def minimum_width_for_text(dialog: QWidget, width: int) -> None:
    """setMinimumWidth for a width chosen at the standard text size."""
    dialog.setMinimumWidth(min(round(width * text_scale()), screen_room(dialog)[0]))
