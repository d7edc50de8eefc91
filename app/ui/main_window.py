"""The main window: fiscal-year selector, section navigation, menus, status bar.

Built in two steps so that start-up paints first: `MainWindow()` is the frame (section list, empty
menus and year selector, 「データを開いています…」), needing neither the services nor SQLAlchemy;
`attach(ctx)` fills it once the database is open. `MainWindow(ctx)` does both at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
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
from app.ui.fonts import STANDARD_SCALE, clamp_scale, fit_tables, set_font_scale, step_scale
from app.ui.sections import SECTIONS

if TYPE_CHECKING:
    from app.ui.context import AppContext

# (object name, title) of the menus, made with the frame so that the menu bar does not appear later
MENUS = (("file", "ファイル(&F)"), ("edit", "編集(&E)"), ("view", "表示(&V)"), ("help", "ヘルプ(&H)"))


class MainWindow(QMainWindow):
    ctx: AppContext

    def __init__(self, ctx: AppContext | None = None):
        super().__init__()
        self.setObjectName("main_window")
        self.resize(1100, 720)
        self._pages: dict[str, QWidget] = {}
        self._attached = False
        self._menus = {key: self.menuBar().addMenu(title) for key, title in MENUS}
        self._build_toolbar_frame()

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
        self.nav.setCurrentRow(0)
        self.statusBar().showMessage("データを開いています…")
        self.setWindowTitle(APP_NAME)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Fill the frame with the open database's data: year selector, menus, the section shown."""
        from app.services.changes import PROFILE  # (here: the frame paints before the services load)
        from app.services.office import HEARTBEAT_SECONDS
        from app.ui.remote_watch import RemoteWatch
        from app.ui.submission_watch import watch_submitted_years

        self.ctx = ctx
        self._attached = True
        self.statusBar().clearMessage()
        self._fill_toolbar()
        self._build_menus()
        self.nav.currentRowChanged.connect(self.show_section)
        self.show_section(max(self.nav.currentRow(), 0))

        self.db_label = QLabel()
        self.db_label.setObjectName("db_label")
        self._show_db_label()
        self.statusBar().addPermanentWidget(self.db_label)
        # Who else holds the file, or that a lock left behind was taken over: visible all the time.
        # Whether everything is stored: edits are saved as they are made, except forms with a save button.
        self.save_state = QLabel()
        self.save_state.setObjectName("save_state")
        self.statusBar().addPermanentWidget(self.save_state)
        self._saved_note = ""
        self._undo_index = ctx.undo_stack.index()
        ctx.undo_stack.indexChanged.connect(self._note_saved)
        ctx.unsaved_changed.connect(self._show_save_state)
        self._show_save_state()
        self.lock_notice = QLabel("　".join(ctx.office.notices))
        self.lock_notice.setObjectName("lock_notice")
        self.lock_notice.setStyleSheet("color: #8a4b00;")
        self.statusBar().addWidget(self.lock_notice, 1)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_SECONDS * 1000)
        self._heartbeat.timeout.connect(self._beat)
        if ctx.office.holds_lock:
            self._heartbeat.start()
        ctx.data_changed.connect(lambda changes: self._update_title() if changes.touches(PROFILE) else None)
        ctx.operation_refused.connect(lambda message: self.statusBar().showMessage(message, 20000))
        watch_submitted_years(self, ctx)
        self.remote_watch = RemoteWatch(ctx)  # other PCs' changes refresh the lists within seconds
        self._update_title()

    # -- building ---------------------------------------------------------------------------------
    def _build_toolbar_frame(self) -> None:
        bar = QToolBar("年度")
        bar.setMovable(False)
        bar.addWidget(QLabel(" 年度: "))
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("fiscal_year")
        self.year_combo.setMinimumContentsLength(16)
        # 「令和7年度（2025年度）」 is wider than 16 Latin characters: size to the labels themselves.
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.year_combo)
        self.add_next = QPushButton("次の年度を追加")
        self.add_next.setObjectName("add_fiscal_year")
        self.add_next.setEnabled(False)
        bar.addWidget(self.add_next)
        self.addToolBar(bar)

    def _fill_toolbar(self) -> None:
        self._fill_years()
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        self.add_next.clicked.connect(self._add_next_year)
        self.add_next.setEnabled(not self.ctx.read_only)

    def _build_menus(self) -> None:
        file_menu = self._menus["file"]
        open_database = QAction("データベースを開く…(&O)", self)
        open_database.setObjectName("action_open_database")
        open_database.triggered.connect(self._choose_database)
        file_menu.addAction(open_database)
        file_menu.addSeparator()
        backup_now = QAction("今すぐバックアップ(&B)", self)
        backup_now.setObjectName("action_backup_now")
        backup_now.triggered.connect(self._backup_now)
        file_menu.addAction(backup_now)
        restore = QAction("バックアップから復元…(&R)", self)
        restore.setObjectName("action_restore")
        restore.triggered.connect(self._open_backups)
        file_menu.addAction(restore)
        trash = QAction("ゴミ箱…(&T)", self)
        trash.setObjectName("action_trash")
        trash.triggered.connect(self._open_trash)
        file_menu.addAction(trash)
        file_menu.addSeparator()
        aggregate = QAction("提出ファイルの集計（市役所用）(&A)…", self)
        aggregate.setObjectName("action_aggregate")
        aggregate.triggered.connect(self._open_aggregate)
        file_menu.addAction(aggregate)
        file_menu.addSeparator()
        quit_action = QAction("終了(&X)", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self._menus["edit"]
        undo = self.ctx.undo_stack.createUndoAction(self, "元に戻す")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "やり直し")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        profile_history = QAction("団体情報の変更履歴(&H)…", self)
        profile_history.setObjectName("action_profile_history")
        profile_history.triggered.connect(self._open_profile_history)
        edit_menu.addAction(profile_history)
        edit_menu.addSeparator()
        settings = QAction("設定(&S)…", self)
        settings.setObjectName("action_settings")
        settings.triggered.connect(self._open_settings)
        edit_menu.addAction(settings)

        self._build_view_menu()

        help_menu = self._menus["help"]
        guide = QAction("はじめに…(&G)", self)
        guide.setObjectName("action_guide")
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(self._open_guide)
        help_menu.addAction(guide)
        about = QAction("協働デスクについて(&A)", self)
        about.triggered.connect(
            lambda: QMessageBox.about(self, APP_NAME, f"{APP_NAME} バージョン {__version__}")
        )
        help_menu.addAction(about)

    def _build_view_menu(self) -> None:
        """表示: the text size (saved for next time) and a key for each section."""
        from app.services.settings import FONT_SCALE_PERCENT

        view_menu = self._menus["view"]
        self.font_scale = clamp_scale(self.ctx.office.settings.get(FONT_SCALE_PERCENT))
        # Ctrl+; too: on a Japanese keyboard + is Shift+; and Ctrl+Shift+; is awkward.
        for name, text, keys, step in (
            ("action_font_larger", "文字を大きく(&L)", ["Ctrl++", "Ctrl+=", "Ctrl+;"], 1),
            ("action_font_smaller", "文字を小さく(&S)", ["Ctrl+-"], -1),
            ("action_font_standard", "標準の大きさ(&N)", ["Ctrl+0"], 0),
        ):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _checked=False, step=step: self._step_font(step))
            view_menu.addAction(action)
        view_menu.addSeparator()
        for number, section in enumerate(SECTIONS, start=1):
            action = QAction(f"{section.title}(&{number})", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, row=number - 1: self.nav.setCurrentRow(row))
            view_menu.addAction(action)

    def _step_font(self, step: int) -> None:
        self.change_font_scale(step_scale(self.font_scale, step) if step else STANDARD_SCALE)

    def change_font_scale(self, percent: int) -> None:
        """Resize every text now and keep the size for the next start (not in a read-only window)."""
        if percent == self.font_scale:
            return
        ratio = percent / self.font_scale
        self.font_scale = percent
        set_font_scale(QApplication.instance(), percent)
        fit_tables(self, ratio)
        if self.ctx.read_only:
            note = "（読み取り専用のため、次回の起動には残りません）"
        else:
            from app.services.settings import FONT_SCALE_PERCENT

            self.ctx.office.settings.set(FONT_SCALE_PERCENT, percent)
            note = ""
        self.statusBar().showMessage(f"文字の大きさ: {percent}%{note}", 8000)

    def _open_guide(self) -> None:
        from app.ui.guide_dialog import open_guide

        open_guide(self)

    def _open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        SettingsDialog(self, self.ctx).exec()

    def _open_aggregate(self) -> None:
        from app.ui.aggregate_dialog import AggregateDialog

        AggregateDialog(self).exec()

    def _fill_years(self) -> None:
        from app.services.fiscal_years import list_fiscal_years

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
            fit_tables(page)  # rows tall enough for an enlarged text
        self.stack.setCurrentWidget(page)

    def _year_chosen(self, index: int) -> None:
        from app.domain.fiscal_year import FiscalYear

        year = FiscalYear(self.year_combo.itemData(index))
        if not self._settle_unsaved(f"{year.label}に切り替える前に、保存していない変更を保存しますか？"):
            self.year_combo.blockSignals(True)  # stay in the year whose edits are on screen
            self.year_combo.setCurrentIndex(self.year_combo.findData(self.ctx.fiscal_year.year))
            self.year_combo.blockSignals(False)
            return
        if not self.ctx.read_only:
            from app.services.fiscal_years import select_fiscal_year

            select_fiscal_year(self.ctx.db, year)
        self.ctx.set_fiscal_year(year)
        self._update_title()

    def _add_next_year(self) -> None:
        from app.domain.validation import ValidationError
        from app.services.fiscal_years import add_fiscal_year, check_new_year, list_fiscal_years

        years = list_fiscal_years(self.ctx.db)
        following = (years[-1] if years else self.ctx.fiscal_year).next()
        try:
            check_new_year(following)  # 2173年度 after years of clicking: asked of nobody
        except ValidationError as exc:
            QMessageBox.warning(self, "年度の追加", f"{following.label_full} は追加できません。{exc}")
            return
        answer = QMessageBox.question(self, "年度の追加", f"{following.label_full} を追加しますか？")
        if answer == QMessageBox.StandardButton.Yes:
            add_fiscal_year(self.ctx.db, following)
            self._fill_years()

    def _update_title(self, *_args) -> None:
        from app.services.profile import get_profile

        profile = get_profile(self.ctx.db)
        name = profile.name if profile and profile.name else "（団体名未設定）"
        mode = "（読み取り専用）" if self.ctx.read_only else ""
        self.setWindowTitle(f"{name} — {self.ctx.fiscal_year.label_full}{mode} — {APP_NAME}")

    # -- data safety: backups, restore, trash, history, the writer lock -----------------------------
    def _backup_now(self) -> None:
        from app.services.backups import BackupError

        try:
            made = self.ctx.office.backup()
        except (BackupError, OSError) as exc:
            QMessageBox.warning(self, "バックアップ", f"バックアップを作れませんでした: {exc}")
            return
        self.statusBar().showMessage(f"バックアップを作りました: {made.name}", 15000)

    def _open_backups(self) -> None:
        from app.ui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.ctx.db.path, self, read_only=self.ctx.read_only)
        dialog.restore_requested.connect(lambda info: self._restore(dialog, info))
        dialog.open()

    def _restore(self, dialog, info) -> None:
        answer = QMessageBox.question(
            self,
            "バックアップから復元",
            f"{info.made_at:%Y-%m-%d %H:%M} のバックアップ（{info.reason}）に戻します。\n"
            f"内容: {info.counts_text}\n\n"
            "今のデータは「復元前」のバックアップとして残します。保存していない入力は失われます。よろしいですか？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.services.backups import BackupError
        from app.services.office import OfficeOpenError

        try:
            # The current data becomes a 復元前 backup; an older backup is upgraded after a 移行前 backup.
            result = self.ctx.office.restore(info.path)
        except (BackupError, OfficeOpenError, OSError) as exc:
            QMessageBox.warning(self, "バックアップから復元", str(exc))
            return
        self._reload_database()
        dialog.reload()
        dialog.accept()
        kept = f"（復元前のデータ: {result.kept_current.name}）" if result.kept_current else ""
        self.statusBar().showMessage(f"{info.made_at:%Y-%m-%d %H:%M} のバックアップから復元しました{kept}", 30000)

    def _reload_database(self) -> None:
        """Screens show rows of the old file and undo commands refer to it: start them afresh."""
        from app.services.fiscal_years import selected_fiscal_year

        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self.ctx.undo_stack.clear()
        self.ctx.set_fiscal_year(selected_fiscal_year(self.ctx.db))
        self._fill_years()
        self.show_section(max(self.nav.currentRow(), 0))
        self._update_title()
        from app.services.changes import Changes

        self.ctx.data_changed.emit(Changes.everything())

    def _show_db_label(self) -> None:
        from app.services.office.server import safe_url

        office = self.ctx.office
        where = safe_url(office.url) if office.url else str(office.path)
        self.db_label.setText(f"データ: {where}" + ("（読み取り専用）" if self.ctx.read_only else ""))

    def _choose_database(self) -> None:
        from app.ui.open_database_dialog import OpenDatabaseDialog

        dialog = OpenDatabaseDialog(self, self.ctx.office.url or str(self.ctx.office.path or ""))
        if dialog.exec() and dialog.target is not None:
            self.open_database(dialog.target)

    def open_database(self, target: Path | str) -> bool:
        """Switch this window to another database (a file, or a server URL); the current one stays
        open when the other cannot be opened. An empty server database is initialised only after
        the user agrees."""
        from app.services.check import check_server
        from app.services.office import Office, OfficeOpenError
        from app.services.office.server import safe_url
        from app.ui.tasks import run_with_progress

        if not self._settle_unsaved("保存してから別のデータベースを開きますか？"):
            return False
        create = False
        if isinstance(target, str):
            checked = run_with_progress(self, "サーバーに接続しています…", lambda _progress: check_server(target))
            if checked is None:
                return False
            if checked.empty:
                answer = QMessageBox.question(
                    self, APP_NAME, f"「{safe_url(target)}」は空のデータベースです。\n"
                    "協働デスクのデータベースとして初期化しますか？（表を作ります）",
                )  # fmt: skip
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                create = True
            elif not checked.ok:
                QMessageBox.warning(self, APP_NAME, checked.message)
                return False
        try:
            office = Office.open(target, create=create)
        except OfficeOpenError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        from app.services.office.last_opened import remember_database

        remember_database(target)  # the next start opens this one (a server: without its password)
        previous = self.ctx.office
        self._heartbeat.stop()
        self.ctx.office = office
        self.ctx.read_only = office.read_only
        previous.close()
        from app.startup_gc import thaw

        thaw()  # the closed database's objects were frozen at start-up: let them be collected
        if office.holds_lock:
            self._heartbeat.start()
        self.lock_notice.setText("　".join(office.notices))
        self._show_db_label()
        self._reload_database()
        return True

    def _open_trash(self) -> None:
        from app.ui.trash_dialog import TrashDialog

        dialog = TrashDialog(self.ctx.db, self, read_only=self.ctx.read_only)
        dialog.restored.connect(lambda _entry: self._reload_database())
        dialog.open()

    def _open_profile_history(self) -> None:
        from app.services.profile import PROFILE_TABLE, profile_record_id
        from app.ui.history_dialog import HistoryDialog

        HistoryDialog(self.ctx.db, PROFILE_TABLE, profile_record_id(self.ctx.db), "団体情報", self).open()

    def _beat(self) -> None:
        if not self.ctx.office.refresh_lock():
            self._heartbeat.stop()
            self.lock_notice.setText("このファイルの使用権が他のPCに移りました。保存せずに閉じて、開き直してください。")
            QMessageBox.warning(
                self,
                APP_NAME,
                "長い間応答がなかったため、このファイルは他のPCで使われ始めました。\n"
                "ここでの変更は保存しないでください。協働デスクを閉じて、開き直してください。",
            )

    # -- save state: what is stored, what is typed but not saved yet ---------------------------------
    def _unsaved_pages(self) -> list[QWidget]:
        return [p for p in self._pages.values() if getattr(p, "dirty", False)]

    def _settle_unsaved(self, question: str) -> bool:
        """Ask about typed-but-unsaved forms: True when they were saved or discarded, False to stay."""
        unsaved = self._unsaved_pages()
        if not unsaved:
            return True
        what = "、".join(getattr(p, "unsaved_what", "入力") for p in unsaved)
        answer = QMessageBox.question(
            self,
            "未保存の変更",
            f"保存していない変更があります（{what}）。\n{question}",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return all(p.save() for p in unsaved)  # a form that cannot be saved shows why, and we stay
        if answer == QMessageBox.StandardButton.Discard:
            for page in unsaved:
                if hasattr(page, "discard"):
                    page.discard()
            return True
        return False

    def _note_saved(self, index: int) -> None:
        from datetime import datetime

        stack = self.ctx.undo_stack
        if index > self._undo_index:  # a new edit, or やり直し
            self._saved_note = f"{datetime.now():%H:%M} {stack.text(index - 1)}"
        elif index < self._undo_index:  # 元に戻す
            self._saved_note = f"{datetime.now():%H:%M} 元に戻しました: {stack.text(index)}"
        self._undo_index = index
        self._show_save_state()

    def _show_save_state(self) -> None:
        unsaved = self._unsaved_pages()
        if self.ctx.read_only:
            text, style = "読み取り専用（変更は保存できません）", "color: #8a4b00;"
        elif unsaved:
            what = "、".join(getattr(p, "unsaved_what", "入力") for p in unsaved)
            text, style = f"● 未保存の変更があります: {what}", "color: #8a4b00; font-weight: bold;"
        else:
            note = f"（{self._saved_note}）" if self._saved_note else "（変更はその都度保存されます）"
            text, style = f"✔ 保存済み{note}", "color: #1b5e20;"
        self.save_state.setText(text)
        self.save_state.setStyleSheet(style)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self._attached:  # closed while the data was still loading
            event.accept()
            return
        if not self._settle_unsaved("保存してから閉じますか？"):
            event.ignore()
            return
        self.remote_watch.timer.stop()
        self.remote_watch.close()
        self._heartbeat.stop()
        if self.ctx.office.holds_lock:  # the next person may write as soon as this window is gone
            self.ctx.office.close()
        event.accept()
