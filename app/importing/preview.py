"""The preview of an import: what would happen to each row, and every problem, in Japanese."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class RowStatus(Enum):
    NEW = "新規"
    UPDATE = "更新"
    UNCHANGED = "変更なし"
    ERROR = "エラー"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True)
class RowIssue:
    """A problem in one row (and column) of the sheet, numbered as Excel shows them."""

    row_number: int
    column_header: str  # the header as it stands in the sheet ("" = the whole row)
    message: str
    column: str | None = None  # column letter, for highlighting in the error workbook

    def __str__(self) -> str:
        where = f"{self.row_number}行目" + (f" {self.column_header}" if self.column_header else "")
        return f"{where}: {self.message}"

    def long_form(self, sheet_name: str) -> str:
        """「シート『名簿』 5行目 加入日: …」 for the command line and logs."""
        return f"シート『{sheet_name}』 {self}"


@dataclass
class PreviewRow:
    row_number: int
    status: RowStatus
    data: Any = None  # what the importer would write (its own dataclass or dict)
    issues: list[RowIssue] = field(default_factory=list)


@dataclass
class ImportPreview:
    file: Path
    sheet_name: str
    rows: list[PreviewRow]
    notes: list[str] = field(default_factory=list)
    header_row: int | None = None  # lets the error workbook put its エラー column beside the headers

    @property
    def counts(self) -> dict[RowStatus, int]:
        counts = dict.fromkeys(RowStatus, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return any(r.status is RowStatus.ERROR or r.issues for r in self.rows)

    @property
    def issues(self) -> list[RowIssue]:
        return [i for r in self.rows for i in r.issues]

    def summary_lines(self, *, long_form: bool = False) -> list[str]:
        """「新規 12件、更新 3件、変更なし 40件、エラー 2件」, then each problem, then the notes."""
        counts = self.counts
        lines = ["、".join(f"{s.value} {counts[s]}件" for s in RowStatus)]
        lines += [i.long_form(self.sheet_name) if long_form else str(i) for i in self.issues]
        lines += self.notes
        return lines
