"""Building the submission's reports, and the fingerprint of the data they carry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.submission_format import content_checksum
from app.reports.model import Report, Table
from app.services.submission import parts
from app.services.submission.figures import Figure
from app.services.submission.parts import Part
from app.storage.database import Database

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuiltPart:
    part: Part
    report: Report

    def sheets(self) -> list[tuple[str, Table]]:
        """Sheet name per table: the part's name, then 「名（表名）」 for further tables."""
        named = []
        for i, table in enumerate(self.report.tables):
            named.append((self.part.sheet if i == 0 else f"{self.part.sheet}（{table.name}）"[:31], table))
        return named


def build_parts(
    db: Database,
    year: FiscalYear,
    figures: list[Figure],
    progress: ProgressFn | None = None,
    steps: int = 0,
    today: date | None = None,  # the 作成日 of the reports (default: today)
) -> list[BuiltPart]:
    built = []
    for n, part in enumerate(parts.PARTS):
        if progress:
            progress(n, steps or len(parts.PARTS), f"{part.sheet}を作成しています…")
        built.append(BuiltPart(part, part.build(db, year, figures, today)))
    return built


def _table_rows(table: Table) -> Iterable[list[object]]:
    yield [c.header for c in table.columns]
    for row in table.rows:
        yield [row.values.get(c.key) for c in table.columns]


def data_fingerprint(built: list[BuiltPart], figures: list[Figure]) -> str:
    """SHA-256 of the data the submission carries: every table's cells and the key figures, but not
    titles' dates or the 版, so the same data always gives the same fingerprint."""
    sheets: list[tuple[str, Iterable[list[object]]]] = []
    for b in built:
        sheets.extend((name, _table_rows(table)) for name, table in b.sheets())
    sheets.append(("#figures", ([f.group, f.label, f.value] for f in figures)))
    return content_checksum(sheets)
