"""The shared progress runner, export dialog and import dialog, driven as a user would."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
)

from app.domain.fiscal_year import FiscalYear
from app.importing import FieldSpec, ImportPreview, PreviewRow, RowStatus, read_sheet
from app.reports import Column, Report, Table
from app.services import reports as report_registry
from app.services.changes import ORGANISATIONS, Changes, Result
from app.services.profile import Profile, get_profile, save_profile
from app.storage.database import Database
from app.ui.context import AppContext
from app.ui.export_dialog import ExportDialog
from app.ui.import_dialog import ImportDialog
from app.ui.tasks import run_with_progress
from tests.helpers.qt_typing import replace_text


def test_progress_returns_the_result_and_reraises_errors(qtbot) -> None:
    assert run_with_progress(None, "計算中", lambda p: sum(range(10))) == 45
    with pytest.raises(ValueError, match="だめ"):
        run_with_progress(None, "計算中", lambda p: (_ for _ in ()).throw(ValueError("だめ")))


def test_cancel_stops_the_work(qtbot) -> None:
    steps: list[int] = []

    def slow(progress) -> str:
        for i in range(200):
            progress.update(i, 200, f"{i}件目")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, press_cancel)
            return
        qtbot.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_cancel)
    assert run_with_progress(None, "長い処理", slow, show_after_ms=0) is None
    assert 0 < len(steps) < 200


def _profile_report(data: tuple[Profile, FiscalYear], profile: str) -> Report:
    body, year = data
    table = Table("団体", [Column("name", "名称", "text", 30), Column("phone", "電話", "text", 16)])
    table.add(name=body.name, phone="" if profile == "public" else body.phone)
    return Report(f"{year.label} 団体概要", [table], [body.name])


@pytest.fixture
def ctx(db: Database, monkeypatch) -> AppContext:
    save_profile(db, Profile(name="試験地域協働体", phone="0191-00-0000"))
    kind = report_registry.ReportKind(lambda db, year, today: (get_profile(db), year), _profile_report)
    monkeypatch.setitem(report_registry.KINDS, "officers", kind)
    return AppContext(db, FiscalYear(2025))


def test_export_dialog_writes_the_chosen_format_and_profile(qtbot, ctx, tmp_path: Path) -> None:
    dialog = ExportDialog(ctx, ["officers"])
    qtbot.addWidget(dialog)
    dialog.show()
    path_edit = dialog.findChild(QLineEdit, "export_path")
    assert path_edit.text().endswith("令和7年度_役員名簿_試験地域協働体.xlsx")
    qtbot.mouseClick(dialog.findChild(QRadioButton, "export_format_pdf"), Qt.MouseButton.LeftButton)
    assert path_edit.text().endswith(".pdf")
    qtbot.mouseClick(dialog.findChild(QRadioButton, "export_profile_full"), Qt.MouseButton.LeftButton)
    replace_text(qtbot, path_edit, str(tmp_path / "yakuin"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_ok"), Qt.MouseButton.LeftButton)
    assert dialog.written == tmp_path / "yakuin.pdf"
    from pypdf import PdfReader

    text = PdfReader(dialog.written).pages[0].extract_text()
    assert "試験地域協働体" in text and "0191-00-0000" in text


def test_export_dialog_public_profile_leaves_out_the_phone(qtbot, ctx, tmp_path: Path) -> None:
    dialog = ExportDialog(ctx, ["officers"])
    qtbot.addWidget(dialog)
    dialog.show()
    replace_text(qtbot, dialog.findChild(QLineEdit, "export_path"), str(tmp_path / "public.xlsx"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_ok"), Qt.MouseButton.LeftButton)
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(dialog.written).active.iter_rows() for c in row]
    assert "試験地域協働体" in values and "0191-00-0000" not in values


FIELDS = [FieldSpec("name", "名称", ("団体名",), required=True), FieldSpec("count", "会員数")]


def _workbook(tmp_path: Path, rows: list[tuple]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["令和7年度 名簿"])
    ws.append([])
    ws.append(["団体名", "会員数"])
    for row in rows:
        ws.append(list(row))
    path = tmp_path / "in.xlsx"
    wb.save(path)
    return path


def _preview(path: Path, sheet, progress) -> ImportPreview:
    data = read_sheet(path, FIELDS, sheet)
    rows = []
    for source in data.rows:
        count = source.values.get("count")
        if count is not None and not isinstance(count, int):
            rows.append(PreviewRow(source.row_number, RowStatus.ERROR, None, [data.issue(source.row_number, "count", f"「{count}」は数ではありません")]))
        else:
            rows.append(PreviewRow(source.row_number, RowStatus.NEW, dict(source.values)))
    return ImportPreview(path, data.sheet_name, rows, data.notes, data.header_row)


def _dialog(qtbot, path: Path, committed: list) -> ImportDialog:
    def commit(preview: ImportPreview) -> Result[str]:
        committed.extend(r.data["name"] for r in preview.rows)
        return Result(f"{len(preview.rows)}件取り込みました", Changes.of(ORGANISATIONS))

    dialog = ImportDialog(None, "名簿の取り込み", _preview, commit, [("name", "名称"), ("count", "会員数")])
    qtbot.addWidget(dialog)
    dialog.show()
    replace_text(qtbot, dialog.findChild(QLineEdit, "import_path"), str(path))
    qtbot.mouseClick(dialog.findChild(QPushButton, "import_load"), Qt.MouseButton.LeftButton)
    return dialog


def test_import_dialog_previews_and_commits(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.helpers.qt_dialogs import answer_message_box

    committed: list[str] = []
    dialog = _dialog(qtbot, _workbook(tmp_path, [("東山自治会", 120), ("こども会", 30)]), committed)
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, 2).data() == "東山自治会"
    assert dialog.model.index(0, 0).data() == "新規"
    assert "新規 2件" in dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)
    assert committed == ["東山自治会", "こども会"]
    assert seen == ["2件取り込みました"]
    assert dialog.committed_changes == Changes.of(ORGANISATIONS)  # for the page to tell the screens


def test_enter_in_the_path_field_reads_the_file(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    path = _workbook(tmp_path, [("東山自治会", 120), ("こども会", 30)])
    dialog = ImportDialog(None, "名簿の取り込み", _preview, lambda p: Result("", Changes()), [("name", "名称"), ("count", "会員数")])
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.findChild(QLineEdit, "import_path")
    replace_text(qtbot, field, str(path))
    opened: list[str] = []

    def close_a_file_dialog() -> None:  # 「参照…」 would open one: note it and close it
        other = QApplication.activeModalWidget()
        if other is not None and other is not dialog:
            opened.append(other.windowTitle())
            other.reject()

    QTimer.singleShot(300, close_a_file_dialog)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert opened == [] and dialog.isVisible()


def test_import_dialog_with_errors_cannot_commit(qtbot, tmp_path: Path) -> None:
    committed: list[str] = []
    dialog = _dialog(qtbot, _workbook(tmp_path, [("東山自治会", "たくさん")]), committed)
    summary = dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()
    assert "4行目 B列（会員数）: 「たくさん」は数ではありません" in summary
    assert not dialog.findChild(QPushButton, "import_commit").isEnabled()
    assert dialog.findChild(QPushButton, "import_save_errors").isEnabled()
    assert committed == []


def test_import_dialog_reports_a_file_that_is_not_excel(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not excel")
    dialog = _dialog(qtbot, bad, [])
    assert "bad.xlsx" in dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()
    assert not dialog.findChild(QPushButton, "import_commit").isEnabled()
