"""The record of submissions (第N版 per year), and what changed in a year's data since the last one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.domain.fiscal_year import FiscalYear
from app.services.changes import SUBMISSIONS, Changes
from app.services.submission.figures import Figure
from app.storage.database import Database
from app.storage.models import Submission


@dataclass(frozen=True)
class SubmittedFile:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class SubmissionRecord:
    id: int
    year: FiscalYear
    edition: int  # 第N版
    created_at: datetime
    folder: str
    files: tuple[SubmittedFile, ...]
    content_sha256: str
    data_sha256: str
    figures: tuple[Figure, ...]
    accepted_warnings: tuple[str, ...]

    @property
    def edition_label(self) -> str:
        return f"第{self.edition}版"

    @property
    def changes(self) -> Changes:
        """What recording this 版 touched (create_submission returns the record)."""
        return Changes.of(SUBMISSIONS, self.id)

    @property
    def file_names(self) -> str:
        return "、".join(f.name for f in self.files)


def _record(row: Submission) -> SubmissionRecord:
    return SubmissionRecord(
        id=row.id,
        year=FiscalYear(row.year),
        edition=row.edition,
        created_at=row.created_at,
        folder=row.folder,
        files=tuple(SubmittedFile(f.name, f.sha256, f.size) for f in row.files),
        content_sha256=row.content_sha256,
        data_sha256=row.data_sha256,
        figures=tuple(Figure(g, label, v) for g, label, v in json.loads(row.figures_json or "[]")),
        accepted_warnings=tuple(line for line in row.accepted_warnings.splitlines() if line),
    )


def list_submissions(db: Database, year: FiscalYear | None = None) -> list[SubmissionRecord]:
    """Newest first; every year when `year` is None."""
    query = (
        select(Submission)
        .where(Submission.content_sha256 != "")  # a reserved 版 still being written is not a submission
        .order_by(Submission.year.desc(), Submission.edition.desc())
    )
    if year is not None:
        query = query.where(Submission.year == year.year)
    with db.session() as session:
        return [_record(row) for row in session.scalars(query)]


def last_submission(db: Database, year: FiscalYear) -> SubmissionRecord | None:
    found = list_submissions(db, year)
    return found[0] if found else None


def next_edition(db: Database, year: FiscalYear) -> int:
    """The next free 版, counting reserved ones (app.services.submission.atomic)."""
    with db.session() as session:
        latest = session.scalar(select(func.max(Submission.edition)).where(Submission.year == year.year))
    return (latest or 0) + 1


def figures_json(figures: list[Figure]) -> str:
    return json.dumps([[f.group, f.label, f.value] for f in figures], ensure_ascii=False)
