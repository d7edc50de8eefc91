"""`kyodo submit`: the files in the folder, the manifest, the record of 版, what changed since,
and the checklist stopping a submission."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.domain.submission_format import SHEETS, content_checksum
from app.services.fiscal_years import add_fiscal_year
from app.services.profile import Profile, save_profile
from app.services.projects.meetings import MeetingData, create_meeting
from app.services.submission.changes import changes_since_submission
from app.services.submission.history import list_submissions
from tests.postgres_support import open_target
from tests.submission.conftest import BODIES, YEAR

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')


def test_the_folder_holds_one_workbook_the_pdfs_and_a_manifest(submitted) -> None:
    body = submitted[BODIES[1]]
    files = sorted(p.name for p in body.folder.iterdir())
    assert len(files) == 1 + len(SHEETS) + 1
    for name in files:
        assert YEAR.label in name and body.name in name and "第1版" in name
        assert not WINDOWS_FORBIDDEN.search(name)
    manifest = json.loads(next(body.folder.glob("*提出ファイル一覧*.json")).read_text(encoding="utf-8"))
    assert manifest["body_name"] == body.name and manifest["fiscal_year"] == YEAR.year
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == {n for n in files if not n.endswith(".json")}
    for name, digest in listed.items():
        assert hashlib.sha256((body.folder / name).read_bytes()).hexdigest() == digest


def test_the_workbook_has_the_sheets_in_order_and_a_hidden_sheet_with_its_checksum(submitted) -> None:
    body = submitted[BODIES[1]]
    wb = load_workbook(body.workbook)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert [s for s in visible if s in SHEETS] == list(SHEETS)
    assert visible[:2] == ["団体概要", "構成団体"]
    assert wb["_meta"].sheet_state == "hidden"
    meta = {k: v for k, v, *_ in wb["_meta"].iter_rows(values_only=True)}
    assert meta["format_version"] == "1" and meta["body_name"] == body.name
    assert meta["fiscal_year"] == str(YEAR.year) and meta["edition"] == "1" and meta["created_at"]
    # the checksum as documented: every visible sheet's name and its cells row by row
    assert meta["content_sha256"] == content_checksum(
        (name, wb[name].iter_rows(values_only=True)) for name in visible
    )
    overview = {r[1]: (r[2], r[3]) for r in wb["団体概要"].iter_rows(values_only=True) if r[1]}
    assert overview["地域協働体名"][1] == body.name and overview["年度"][1] == YEAR.label_full
    public = next(r for r in wb["構成団体"].iter_rows(values_only=True) if "名称" in r)  # the header row
    # the public profile: no phone or address for the city
    assert "名称" in public and "電話" not in public and "住所" not in public


def test_the_pdfs_carry_the_body_year_and_edition(submitted) -> None:
    body = submitted[BODIES[1]]
    pdf = next(body.folder.glob("*_収支決算書_*.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert body.name in text and YEAR.label in text and "第1版" in text and "収入の部" in text


def test_the_submission_is_recorded_with_its_files_and_checksums(submitted) -> None:
    body = submitted[BODIES[1]]
    db = open_target(body.target)
    try:
        [record] = list_submissions(db, YEAR)
        assert record.edition == 1 and Path(record.folder) == body.folder.resolve()
        on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in body.folder.iterdir()}
        assert {f.name: f.sha256 for f in record.files} == on_disk
        assert changes_since_submission(db, YEAR).changed is False
    finally:
        db.close()


def test_a_change_after_submitting_shows_and_the_resubmission_is_the_next_edition(tmp_path, new_target, capsys) -> None:
    db_path, out = new_target("k.sqlite"), tmp_path / "提出"
    assert main(["demo", "--db", str(db_path), "--body", "ひなた地域協働体"]) == 0
    assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(out)]) == 0
    db = open_target(db_path)
    try:
        before = changes_since_submission(db, YEAR)
        general_meetings = dict((f.label, f.value) for f in before.last.figures if f.group == "会議回数")[
            "総会"
        ]
        create_meeting(db, YEAR, MeetingData(held_on=YEAR.end - timedelta(days=3), kind="総会", title="臨時総会"))
        changes = changes_since_submission(db, YEAR)
        assert changes.changed is True
        assert f"会議回数 総会: {general_meetings} → {general_meetings + 1}" in changes.figure_lines
        assert "再提出" in changes.message()
    finally:
        db.close()
    capsys.readouterr()
    assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "第2版" in printed and f"会議回数 総会: {general_meetings} → {general_meetings + 1}" in printed
    assert len(list(out.glob("*第1版*"))) == len(list(out.glob("*第2版*"))) == 1 + len(SHEETS) + 1


def test_blocking_problems_stop_the_submission_with_the_checklist_on_stderr(tmp_path, new_target, capsys) -> None:
    db_path, out = new_target("空.sqlite"), tmp_path / "提出"
    db = open_target(db_path)
    save_profile(db, Profile(name="はじまり地域協働体", centre_name="はじまり市民センター"))
    add_fiscal_year(db, YEAR)
    db.close()
    assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "提出ファイルを作成できません" in err
    assert "【提出できません】管理費: " in err and "予算が登録されていません" in err
    assert "会長が在任していません" in err and "会計が在任していません" in err
    assert "【警告】名簿: " in err and "監事が在任していません" in err
    assert not out.exists()


def test_warnings_must_be_accepted(tmp_path, new_target, capsys) -> None:
    db_path, out = new_target("k.sqlite"), tmp_path / "提出"
    assert main(["demo", "--db", str(db_path), "--body", "こだま地域協働体"]) == 0
    current = str(FiscalYear.current().year)  # not closed yet: a warning
    assert main(["submit", "--db", str(db_path), "--year", current, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--accept-warnings" in err and "まだ締められていません" in err
    assert not out.exists()
    assert (
        main(["submit", "--db", str(db_path), "--year", current, "--out", str(out), "--accept-warnings"]) == 0
    )
    assert "確認済みの警告: 【警告】管理費: " in capsys.readouterr().out
