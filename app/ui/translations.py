"""Qt's own texts in Japanese: the はい / いいえ / キャンセル buttons of message boxes, OK / キャンセル of input
dialogs, the right-click menu of text fields (元に戻す, コピー, 貼り付け…) and the file dialogs."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

QT_CATALOGUES = ("qtbase_ja",)  # qtbase holds every QtWidgets text the window shows


def install_qt_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's Japanese catalogues shipped with PySide6; returns the installed translators
    (empty if the files are missing: Qt then shows its English texts, nothing fails)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
    return installed
