"""`kyodo submit` and the window's 「提出ファイルを作成」: the checklist, then the files, then the record.

The folder receives one workbook (the sheets of PARTS and a hidden _meta sheet with the format
version, body, year, creation time, 版 and the checksum of the visible content), one PDF per part
and a manifest (JSON) with the SHA-256 of every other file. The 版 is reserved in the database,
the files are staged and moved in, then the 版 is completed (app.services.submission.atomic): a
failure, a cancel or a kill leaves neither a half submission nor a 版 recorded without its files.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.filenames import safe_filename
from app.domain.fiscal_year import FiscalYear
from app.domain.submission_format import (
    FORMAT_VERSION,
    MANIFEST_DOCUMENT,
    META_BODY,
    META_CHECKSUM,
    META_CREATED,
    META_EDITION,
    META_FORMAT_VERSION,
    META_KIND,
    META_KIND_VALUE,
    META_YEAR,
    file_sha256,
    workbook_checksum,
)
from app.domain.validation import ValidationError
from app.domain.wareki import format_wareki
from app.services.profile import get_profile
from app.services.records import existing
from app.services.settings import print_date_style
from app.services.submission import parts
from app.services.submission.atomic import (
    PENDING,
    STAGING_PREFIX,
    drop_reservation,
    move_into_place,
    recover_interrupted_submissions,
    remove_files,
)
from app.services.submission.build import BuiltPart, ProgressFn, build_parts, data_fingerprint
from app.services.submission.checklist import SubmissionBlocked, run_checklist
from app.services.submission.figures import collect_figures
from app.services.submission.history import SubmissionRecord, figures_json, last_submission, next_edition
from app.services.submission.signing import sign_sheets, signing_key, typed_sheets_of
from app.storage.database import Database
from app.storage.models import Submission, SubmissionFile

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def submission_file_names(year: FiscalYear, body: str, edition: int) -> dict[str, str]:
    """Part sheet name (and "workbook", "manifest") → file name with 年度, body name and 版."""

    def name(word: str, ext: str) -> str:
        return safe_filename(f"{year.label}_{word}_{body}_第{edition}版.{ext}")

    names = {"workbook": name("提出書類", "xlsx"), "manifest": name("提出ファイル一覧", "json")}
    names.update({part.sheet: name(part.sheet, "pdf") for part in parts.PARTS})
    return names


def sha256_of(path: Path) -> str:
    return file_sha256(path)


def create_submission(
    db: Database,
    year: FiscalYear,
    out_dir: Path,
    *,
    accept_warnings: bool = False,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
) -> SubmissionRecord:
    """Write the submission for `year` into `out_dir` and record it as the next 版.

    Raises SubmissionBlocked (a ValidationError) when the checklist has blocking items, or warnings
    that were not accepted; ValidationError when the folder cannot take the files."""
    checklist = run_checklist(db, year)
    if checklist.blocking:
        raise SubmissionBlocked(checklist)
    if checklist.warnings and not accept_warnings:
        raise SubmissionBlocked(checklist, warnings_not_accepted=True)
    recover_interrupted_submissions(db)  # what a submission killed half-way left behind
    profile = get_profile(db)
    assert profile is not None  # check_profile is blocking without one
    now = (now or datetime.now()).replace(microsecond=0)
    edition = next_edition(db, year)
    names = submission_file_names(year, profile.name, edition)
    out_dir = Path(out_dir)
    _prepare_folder(out_dir, names.values())
    # the 版 is reserved before anything is written; any failure below removes files and reservation
    submission_id = _reserve(db, year, edition, now, out_dir, names.values())
    moved: list[Path] = []
    staging: Path | None = None
    try:
        key = signing_key(db)  # made on the first submission; city hall registers its public half
        steps = 2 * len(parts.PARTS) + 2
        figures = collect_figures(db, year)
        built = build_parts(db, year, figures, progress, steps)
        fingerprint = data_fingerprint(built, figures)
        stamp = f"提出 第{edition}版（{format_wareki(now.date())} 作成）"
        date_style = print_date_style(db)  # the overview and results are not built by build_report
        built = [
            BuiltPart(b.part, replace(b.report, subtitle_lines=[*_without_creation_date(b.report.subtitle_lines), stamp],
                                      date_style=date_style))
            for b in built
        ]
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        step = len(parts.PARTS)
        _tick(progress, step, steps, "提出用のExcelファイルを作成しています…")
        checksum = _write_workbook(built, staging / names["workbook"], profile.name, year, edition, now, key)
        for b in built:
            step += 1
            _tick(progress, step, steps, f"{b.part.sheet}のPDFを作成しています…")
            from app.reports.pdf_writer import write_pdf

            write_pdf(b.report, staging / names[b.part.sheet])
        _tick(progress, steps - 1, steps, "提出ファイル一覧を作成しています…")
        files = [(names["workbook"], staging / names["workbook"])] + [
            (names[p.sheet], staging / names[p.sheet]) for p in parts.PARTS
        ]
        listed = [(n, sha256_of(p), p.stat().st_size) for n, p in files]
        manifest = staging / names["manifest"]
        _write_manifest(manifest, profile.name, year, edition, now, listed)  # last: it lists the others
        listed.append((names["manifest"], sha256_of(manifest), manifest.stat().st_size))
        move_into_place(staging, out_dir, [n for n, _, _ in listed], moved)
        with db.session.begin() as session:  # the 版 is complete
            row = existing(session, Submission, submission_id)  # reserved above, in its own transaction
            row.content_sha256 = checksum
            row.data_sha256 = fingerprint
            row.figures_json = figures_json(figures)
            row.accepted_warnings = "\n".join(i.line() for i in checklist.warnings)
            row.files = [SubmissionFile(name=n, sha256=h, size=s) for n, h, s in listed]
    except BaseException:
        if not _completed(db, submission_id):
            remove_files(moved)
            with contextlib.suppress(Exception):  # e.g. a database that became read-only: next start
                drop_reservation(db, submission_id)
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    _tick(progress, steps, steps, "完了しました")
    record = last_submission(db, year)
    assert record is not None
    return record


def _reserve(
    db: Database, year: FiscalYear, edition: int, now: datetime, out_dir: Path, names: Iterable[str]
) -> int:
    from sqlalchemy.exc import IntegrityError

    try:
        with db.session.begin() as session:
            row = Submission(
                year=year.year, edition=edition, created_at=now, folder=str(out_dir.resolve()),
                content_sha256=PENDING, data_sha256="", figures_json="[]", accepted_warnings="",
                files=[SubmissionFile(name=n, sha256="", size=0) for n in names],
            )
            session.add(row)
            session.flush()
            return row.id
    except IntegrityError as exc:  # another program reserved this 版 in the meantime
        raise ValidationError(f"第{edition}版は別の操作で作成中です。しばらくしてからもう一度提出してください。") from exc


def _completed(db: Database, submission_id: int) -> bool:
    with contextlib.suppress(Exception), db.session() as session:
        row = session.get(Submission, submission_id)
        return row is not None and row.content_sha256 != PENDING
    return False


def _tick(progress: ProgressFn | None, done: int, total: int, text: str) -> None:
    if progress:
        progress(done, total, text)


def _prepare_folder(out_dir: Path, names: Iterable[str]) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ValidationError(f"「{out_dir}」はフォルダではありません。保存先のフォルダを指定してください。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"フォルダ「{out_dir}」を作成できません: {exc.strerror or exc}") from exc
    existing = [n for n in names if (out_dir / n).exists()]
    if existing:
        raise ValidationError(
            f"フォルダ「{out_dir}」には既に同じ名前のファイルがあります（{existing[0]}）。"
            "別のフォルダを選ぶか、そのファイルを移動してください。"
        )


# 「作成日 令和8年4月30日」 / 「令和8年4月30日 作成」: the stamp 「提出 第N版（… 作成）」 says it once
_CREATION_DATE = re.compile(r"^作成日\s|\s作成$")


def _without_creation_date(lines: Iterable[str]) -> list[str]:
    return [line for line in lines if not _CREATION_DATE.search(line)]


def _write_workbook(
    built: list[BuiltPart],
    path: Path,
    body: str,
    year: FiscalYear,
    edition: int,
    now: datetime,
    key: Ed25519PrivateKey,
) -> str:
    from app.reports.xlsx_writer import write_xlsx_book

    seen: dict[str, str] = {}
    metadata = {
        META_KIND: META_KIND_VALUE,
        META_FORMAT_VERSION: str(FORMAT_VERSION),
        META_BODY: body,
        META_YEAR: str(year.year),
        META_CREATED: now.isoformat(),
        META_EDITION: str(edition),
    }

    def seal(wb: Any) -> dict[str, str]:  # an openpyxl Workbook (openpyxl ships no type hints)
        seen["checksum"] = workbook_checksum(wb)
        # the signature covers every visible cell with its type, and body, year, 版, time, format
        return {META_CHECKSUM: seen["checksum"], **sign_sheets(key, metadata, typed_sheets_of(wb))}

    sheets = [(name, b.report, table) for b in built for name, table in b.sheets()]
    write_xlsx_book(sheets, path, title=f"{year.label} 提出書類 {body}", metadata=metadata, seal=seal)
    return seen["checksum"]


def _write_manifest(
    path: Path, body: str, year: FiscalYear, edition: int, now: datetime, files: list[tuple[str, str, int]]
) -> None:
    manifest = {
        "document": MANIFEST_DOCUMENT,
        "format_version": FORMAT_VERSION,
        "body_name": body,
        "fiscal_year": year.year,
        "fiscal_year_label": year.label_full,
        "edition": edition,
        "created_at": now.isoformat(),
        "hash": "SHA-256",
        "files": [{"name": n, "sha256": h, "bytes": s} for n, h, s in files],
    }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
