"""Several PCs on one PostgreSQL server (issue 17): year-wide work started from the window is one PC
at a time (the same advisory lock as the writing commands), two processes editing members at once
lose nothing, a wrong password is refused in Japanese, and `kyodo new --db URL` sets up an empty
server database. Run by scripts/test_postgres.sh (KYODO_TEST_DB names the server)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.domain.validation import ValidationError
from app.services.members.organisations import Organisation, get_organisation, save_organisation
from app.services.office import Office, OfficeOpenError
from app.storage.database import Database
from app.storage.postgres import postgres_engine
from tests import postgres_support
from tests.members.conftest import kind_id
from tests.safety.crash_support import ROOT
from tests.storage.test_postgres import empty_server_db  # noqa: F401 - the fixture
from tests.storage.test_server_concurrency import server  # noqa: F401 - the fixture

pytestmark = [pytest.mark.skipif(not postgres_support.on_postgres(), reason="KYODO_TEST_DB is not a PostgreSQL URL"),
              pytest.mark.usefixtures("_postgres_template")]  # the migrated template the `server` databases copy
BUSY = r"^\S+@\S+ が一括の処理（取り込み・締め・提出など）を実行中です。終わってからもう一度実行してください。何も変更していません。$"


def test_year_wide_work_from_the_window_is_one_pc_at_a_time(server) -> None:  # noqa: F811 - the fixture
    url, _engine = server
    pc_a, pc_b = Office.open(url, create=False), Office.open(url, create=False)
    try:
        with pc_a.year_wide_work():  # PC A's window imports, closes the year or submits
            with pytest.raises(ValidationError, match=BUSY), pc_b.year_wide_work():
                pytest.fail("PC B started year-wide work while PC A's ran")
            with pytest.raises(OfficeOpenError, match="実行中です"):  # and so does a writing command
                Office.open(url, year_wide=True)
        with pc_b.year_wide_work():  # free again once PC A is done
            pass
        command = Office.open(url, year_wide=True)  # `kyodo members import … --db URL` runs
        try:
            with pytest.raises(ValidationError, match=BUSY), pc_a.year_wide_work():
                pytest.fail("the window started year-wide work during a command's")
        finally:
            command.close()
    finally:
        pc_a.close()
        pc_b.close()


def test_the_window_says_who_runs_year_wide_work_and_imports_nothing(qtbot, server, tmp_path) -> None:  # noqa: F811
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

    from app.domain.fiscal_year import FiscalYear
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from tests.helpers.qt_dialogs import answer_message_box
    from tests.members.conftest import write_sheet

    url, engine = server
    office = Office.open(url, create=False)
    window = MainWindow(AppContext(office, FiscalYear(2025)))
    qtbot.addWidget(window)
    window.show()
    nav = window.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
    page = window.findChild(QWidget, "members_page")
    sheet = write_sheet(tmp_path / "in.xlsx", [["区分", "名称", "ふりがな", "世帯数"], ["自治会", "青葉自治会", "あおばじちかい", 55]])
    other_pc = Office.open(url, year_wide=True)  # another PC's command holds the lock
    seen: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.findChild(QPushButton, "import_commit") is None:
            QTimer.singleShot(20, run)
            return
        try:
            from PySide6.QtWidgets import QLineEdit

            dialog.findChild(QLineEdit, "import_path").setText(str(sheet))
            qtbot.mouseClick(dialog.findChild(QPushButton, "import_load"), Qt.MouseButton.LeftButton)
            answer_message_box(QMessageBox.StandardButton.Ok, seen)
            qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)
        finally:
            dialog.reject()

    try:
        QTimer.singleShot(0, run)
        qtbot.mouseClick(page.findChild(QPushButton, "members_import"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(seen), timeout=15_000)
    finally:
        other_pc.close()
    assert seen[0].startswith("取り込めませんでした。何も変更していません。\n")
    assert "が一括の処理（取り込み・締め・提出など）を実行中です" in seen[0]
    with engine.connect() as con:
        assert con.execute(text("SELECT count(*) FROM member_organisation")).scalar() == 0
    office.close()


def _pcs(url: str, organisation_ids: list[int]) -> list[str]:
    """One process per id (each a PC with the organisation's form open), saving at the same moment."""
    worker = "tests.storage.member_edit_worker"
    procs = [subprocess.Popen([sys.executable, "-m", worker, url, str(org_id), f"PC{n}の備考"], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n, org_id in enumerate(organisation_ids, 1)]
    for proc in procs:  # every PC has read the organisation before any saves
        assert proc.stdout.readline().strip() == "read", proc.stderr.read()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, errors = proc.communicate(timeout=120)
        assert proc.returncode == 0, errors
        results.append(out.strip())
    return results


def _organisations(url: str, names: list[str]) -> list[int]:
    db = Database(postgres_engine(url))
    ids = [save_organisation(db, Organisation(kind_id=kind_id(db, "自治会"), name=name, households=10)).value.id
           for name in names]
    db.close()
    return ids


def test_two_pcs_editing_different_members_both_land(server) -> None:  # noqa: F811
    url, _engine = server
    ids = _organisations(url, ["青葉自治会", "坂下自治会"])
    assert _pcs(url, ids) == ["saved", "saved"]
    db = Database(postgres_engine(url))
    assert [get_organisation(db, i).note for i in ids] == ["PC1の備考", "PC2の備考"]
    db.close()


def test_two_pcs_saving_the_same_member_one_is_told_and_nothing_is_lost(server) -> None:  # noqa: F811
    url, _engine = server
    [org_id] = _organisations(url, ["青葉自治会"])
    results = _pcs(url, [org_id, org_id])
    assert sorted(r.split(" ", 1)[0] for r in results) == ["conflict", "saved"]
    winner = 1 + [r.split(" ", 1)[0] for r in results].index("saved")
    refusal = next(r for r in results if r.startswith("conflict"))
    assert "この構成団体の記録は、開いた後に" in refusal and "保存していません" in refusal
    assert f"備考: （空欄） → PC{winner}の備考" in refusal  # what the other PC saved, shown to the one refused
    db = Database(postgres_engine(url))
    stored = get_organisation(db, org_id)
    assert stored.note == f"PC{winner}の備考" and stored.version == 2  # one save landed, none overwritten
    db.close()


def test_a_wrong_password_is_refused_in_japanese_and_changes_nothing(empty_server_db: str) -> None:  # noqa: F811
    """scripts/test_postgres.sh lets the role kyodo_pw in by password only (every other role is trusted)."""
    admin, _url = postgres_support._admin()
    with admin.connect() as con:
        if not con.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'kyodo_pw'")).scalar():
            con.execute(text("CREATE ROLE kyodo_pw LOGIN"))
        con.execute(text("ALTER ROLE kyodo_pw PASSWORD 'right-pass'"))
    admin.dispose()
    wrong = make_url(empty_server_db).set(username="kyodo_pw", password="wrong-pass").render_as_string(hide_password=False)
    with pytest.raises(OfficeOpenError) as refused:
        Office.open(wrong, create=True)
    message = str(refused.value)
    assert "ユーザー名かパスワードが違います" in message and "wrong-pass" not in message
    right = make_url(wrong).set(password="right-pass").render_as_string(hide_password=False)
    with pytest.raises(OfficeOpenError, match="空のデータベースです"):  # the right one gets in (and asks first)
        Office.open(right, create=False)
    engine = postgres_engine(empty_server_db)
    with engine.connect() as con:  # nothing was created
        assert con.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
    engine.dispose()


def test_kyodo_new_sets_up_an_empty_server_database(empty_server_db: str, capsys) -> None:  # noqa: F811
    from app.cli import main
    from app.services.fiscal_years import list_fiscal_years
    from app.services.profile import get_profile

    assert main(["new", "--db", empty_server_db, "--body", "ひばり野地域協働体", "--year", "2026"]) == 0
    assert "空のデータベースを作りました" in capsys.readouterr().out
    db = Database(postgres_engine(empty_server_db))
    assert get_profile(db).name == "ひばり野地域協働体"
    assert 2026 in [y.year for y in list_fiscal_years(db)]
    db.close()
    assert main(["new", "--db", empty_server_db, "--body", "別の団体", "--year", "2026"]) == 1  # not twice
    assert "既にデータがあります" in capsys.readouterr().err
