"""The main window: fiscal-year selector, section navigation, menus, status bar."""

from __future__ import annotations

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app import APP_NAME, __version__
from app.domain.fiscal_year import FiscalYear
from app.services.fiscal_years import add_fiscal_year, list_fiscal_years, select_fiscal_year
from app.services.profile import get_profile
from app.ui.context import AppContext
from app.ui.sections import SECTIONS


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main_window")
        self.resize(1100, 720)
        self._pages: dict[str, QWidget] = {}

        self._build_toolbar()
        self._build_menus()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet("QListWidget::item { padding: 8px 6px; }")  # big targets for mouse users
        for section in SECTIONS:
            self.nav.addItem(section.title)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.show_section)
        self.nav.setCurrentRow(0)

        db_label = QLabel(f"データ: {ctx.db.path}" + ("（読み取り専用）" if ctx.read_only else ""))
        self.statusBar().addPermanentWidget(db_label)
        ctx.data_changed.connect(self._update_title)
        self._update_title()

    # -- building ---------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("年度")
        bar.setMovable(False)
        bar.addWidget(QLabel(" 年度: "))
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("fiscal_year")
        self.year_combo.setMinimumContentsLength(16)
        self._fill_years()
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        bar.addWidget(self.year_combo)
        add_next = QPushButton("次の年度を追加")
        add_next.setObjectName("add_fiscal_year")
        add_next.clicked.connect(self._add_next_year)
        add_next.setEnabled(not self.ctx.read_only)
        bar.addWidget(add_next)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        quit_action = QAction("終了(&X)", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("編集(&E)")
        undo = self.ctx.undo_stack.createUndoAction(self, "元に戻す")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "やり直し")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        about = QAction("協働デスクについて", self)
        about.triggered.connect(
            lambda: QMessageBox.about(self, APP_NAME, f"{APP_NAME} バージョン {__version__}")
        )
        help_menu.addAction(about)

    def _fill_years(self) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in list_fiscal_years(self.ctx.db):
            self.year_combo.addItem(year.label_full, year.year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(self.ctx.fiscal_year.year))
        self.year_combo.blockSignals(False)

    # -- reactions --------------------------------------------------------------------------------
    def show_section(self, row: int) -> None:
        section = SECTIONS[row]
        page = self._pages.get(section.key)
        if page is None:  # built on first visit, so start-up stays fast
            page = section.create(self.ctx)
            self._pages[section.key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def _year_chosen(self, index: int) -> None:
        year = FiscalYear(self.year_combo.itemData(index))
        if not self.ctx.read_only:
            select_fiscal_year(self.ctx.db, year)
        self.ctx.set_fiscal_year(year)
        self._update_title()

    def _add_next_year(self) -> None:
        years = list_fiscal_years(self.ctx.db)
        following = (years[-1] if years else self.ctx.fiscal_year).next()
        answer = QMessageBox.question(self, "年度の追加", f"{following.label_full} を追加しますか？")
        if answer == QMessageBox.StandardButton.Yes:
            add_fiscal_year(self.ctx.db, following)
            self._fill_years()

    def _update_title(self, *_args) -> None:
        profile = get_profile(self.ctx.db)
        name = profile.name if profile and profile.name else "（団体名未設定）"
        self.setWindowTitle(f"{name} — {self.ctx.fiscal_year.label_full} — {APP_NAME}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        unsaved = [p for p in self._pages.values() if getattr(p, "dirty", False)]
        if unsaved:
            answer = QMessageBox.question(
                self,
                "未保存の変更",
                "保存していない変更があります。保存してから閉じますか？",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save and not all(p.save() for p in unsaved):
                event.ignore()
                return
        event.accept()
