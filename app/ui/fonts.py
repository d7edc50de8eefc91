"""Load the bundled Japanese font so text never shows as boxes on a PC without CJK fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import font_path

BASE_POINT_SIZE = 11


def load_bundled_font() -> str:
    """Register IPAexGothic with Qt and return its family name ("" if the file is missing)."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def apply_app_font(app: QApplication, family: str, scale_percent: int = 100) -> None:
    font = QFont(family) if family else app.font()
    font.setPointSizeF(BASE_POINT_SIZE * max(50, min(scale_percent, 300)) / 100)
    app.setFont(font)
