"""Writing a submission all-or-nothing with its record: reserve the 版, stage, move in, complete.

1. The 版 is reserved in the database (a Submission row whose content checksum is still empty,
   with the file names it will write), so two programs never write the same 版.
2. The files are written and fsynced in a hidden staging folder `.kyodo-submission-*` inside the
   destination, the manifest last.
3. They are moved into place (same folder: a rename) and the folder is fsynced.
4. The row is completed with the checksums in one transaction.
Any failure removes what was moved, the staging folder and the reservation. A program killed
half-way leaves a reservation behind: `recover_interrupted_submissions` (run whenever an office is
opened for writing) removes its files and staging folders and the reservation, so no 版 is ever
recorded without its files nor files left that no 版 records.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from app.storage.database import Database
from app.storage.models import Submission

STAGING_PREFIX = ".kyodo-submission-"
PENDING = ""  # content_sha256 of a reserved 版 whose files are not all in place yet


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every system lets a folder be fsynced (Windows)
        fsync_file(path)


def move_into_place(staging: Path, out_dir: Path, names: Iterable[str], moved: list[Path]) -> None:
    for name in names:
        fsync_file(staging / name)
        os.replace(staging / name, out_dir / name)
        moved.append(out_dir / name)
    fsync_dir(out_dir)


def remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def remove_staging(folder: Path) -> None:
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f"{STAGING_PREFIX}*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def drop_reservation(db: Database, submission_id: int) -> None:
    with db.session.begin() as session:
        row = session.get(Submission, submission_id)
        if row is not None and row.content_sha256 == PENDING:
            session.delete(row)


def recover_interrupted_submissions(db: Database) -> list[str]:
    """Remove what an interrupted submission left (files, staging folders, the reservation);
    returns a note (Japanese) per one removed. Needs the writer's lock."""
    notes: list[str] = []
    with db.session() as session:
        rows = list(session.scalars(select(Submission)))
        pending = [(r.id, r.year, r.edition, Path(r.folder), [f.name for f in r.files]) for r in rows
                   if r.content_sha256 == PENDING]
        folders = {Path(r.folder) for r in rows}
    for _id, _year, _edition, folder, names in pending:
        remove_files(folder / n for n in names)
    for folder in folders:
        remove_staging(folder)
    for submission_id, year, edition, folder, _names in pending:
        drop_reservation(db, submission_id)
        notes.append(
            f"前回中断された提出（{year}年度 第{edition}版）の途中のファイルを「{folder}」から取り除きました。"
            "必要ならもう一度提出してください。"
        )
    return notes
