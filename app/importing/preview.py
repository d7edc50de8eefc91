"""The preview of an import: what would happen to each row, and every problem, in Japanese."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from app.importing.columns import BY_USER, NOT_IMPORTED, SourceColumn, column_letter

if TYPE_CHECKING:
    from app.importing.sheet_reader import SheetData
    from app.importing.spec import FieldSpec


class RowStatus(Enum):
    NEW = "新規"
    UPDATE = "更新"
    UNCHANGED = "変更なし"
    ERROR = "エラー"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A problem in one row (and column) of the sheet, numbered as Excel shows them."""

    row_number: int
    column_header: str  # the header as it stands in the sheet ("" = the whole row)
    message: str
    column: str | None = None  # column letter, for highlighting in the error workbook
    # a workbook read sheet by sheet (a month calendar): the sheet of the cell at fault; the error
    # workbook then marks the cell `column``row_number` of that sheet (write_error_workbook)
    sheet: str = ""

    def __str__(self) -> str:
        """「6行目 D列（電話番号）: …」 — the row as Excel shows it, the column letter and header;
        「シート『2025年５月分』 セルO4（5月13日 午前・会議室1）: …」 for an issue bound to a sheet's cell."""
        if self.sheet:
            return f"{self.place}{f'（{self.column_header}）' if self.column_header else ''}: {self.message}"
        if self.column and self.column_header:
            where = f"{self.row_number}行目 {self.column}列（{self.column_header}）"
        else:
            where = f"{self.row_number}行目" + (f" {self.column_header}" if self.column_header else "")
        return f"{where}: {self.message}"

    def long_form(self, sheet_name: str) -> str:
        """「シート『名簿』 5行目 加入日: …」 for the command line and logs."""
        return str(self) if self.sheet else f"シート『{sheet_name}』 {self}"

    @property
    def place(self) -> str:
        """Where the issue is: 「シート『2025年５月分』 セルO4」, or 「6行目」 for a row of the one sheet."""
        if self.sheet:
            cell = f"セル{self.column}{self.row_number}" if self.column else f"{self.row_number}行目"
            return f"シート『{self.sheet}』 {cell}"
        return f"{self.row_number}行目"

    @property
    def located_message(self) -> str:
        """The message with its sheet and cell in front when the issue is bound to a sheet (a month
        calendar's rows come from many sheets, so a row number alone does not find them)."""
        return f"{self.place}: {self.message}" if self.sheet else self.message


@dataclass(slots=True)
class PreviewRow:
    row_number: int
    status: RowStatus
    data: Any = None  # what the importer would write (its own dataclass or dict)
    issues: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)  # imported all the same; the user is told
    # a row of a workbook read sheet by sheet (a month calendar's cell): its sheet and cell, 「2025年５月分 X9」,
    # shown where a row of one sheet shows its number (many sheets have a row 9)
    place: str = ""


@dataclass
class ImportPreview:
    file: Path
    sheet_name: str
    rows: list[PreviewRow]
    notes: list[str] = field(default_factory=list)
    header_row: int | None = None  # lets the error workbook put its エラー column beside the headers
    # every source column and the field it fills (None = 取り込まない); the labels of the fields
    columns: list[SourceColumn] = field(default_factory=list)
    field_labels: dict[str, str] = field(default_factory=dict)
    header_first_row: int | None = None
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)
    signature: str = ""  # of the headers: the window remembers the user's mapping under it
    sheet_report: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # what an importer carries to its commit
    date_fields: frozenset[str] = frozenset()  # the keys of the fields that hold dates

    @classmethod
    def of_sheet(cls, sheet: SheetData, rows: list[PreviewRow], notes: list[str],
                 fields: Sequence[FieldSpec]) -> Self:
        """The preview of rows read from `sheet`, carrying its column accounting."""
        return cls(sheet.path, sheet.sheet_name, rows, notes, sheet.header_row, sheet.source_columns,
                   {f.key: f.label for f in fields}, sheet.header_first_row or sheet.header_row,
                   sheet.skipped, sheet.signature, sheet.sheet_report,
                   date_fields=frozenset(f.key for f in fields if f.is_date))

    @property
    def date_columns(self) -> list[int]:
        """1-based numbers of the source columns that fill a date field."""
        return [c.index + 1 for c in self.columns if c.key in self.date_fields]

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

    @property
    def warnings(self) -> list[RowIssue]:
        return [w for r in self.rows for w in r.warnings]

    def unused_columns(self) -> list[SourceColumn]:
        """Columns that hold data and are not imported."""
        return [c for c in self.columns if c.key is None and c.has_data and not c.how.endswith("と一体の見出し")]

    def summary_lines(self, *, long_form: bool = False) -> list[str]:
        """「新規 12件、更新 3件、変更なし 40件、エラー 2件、警告 1件、読み飛ばし 2件」, then the columns
        not imported, each problem, each warning, then the notes."""
        counts = self.counts
        lines = ["、".join(f"{s.value} {counts[s]}件" for s in RowStatus)
                 + f"、警告 {len(self.warnings)}件、読み飛ばし {len(self.skipped)}件"]
        unused = self.unused_columns()
        if unused:
            lines.append("取り込まない列（データあり）: " + "、".join(c.shown for c in unused))
        shown = (lambda i: i.long_form(self.sheet_name)) if long_form else str
        lines += [shown(i) for i in self.issues]
        lines += [f"警告: {shown(w)}" for w in self.warnings]
        lines += self.notes
        return lines

    def column_lines(self) -> list[str]:
        """The sheet and header row, then one line per source column: 「C列（氏名）→ 氏名」."""
        rows = (f"{self.header_first_row}〜{self.header_row}行目" if self.header_first_row
                and self.header_first_row != self.header_row else f"{self.header_row}行目")
        lines = [f"シート『{self.sheet_name}』の{rows}を見出しとして読みました"]
        for col in self.columns:
            if col.how.endswith("と一体の見出し"):
                continue
            if col.key is None:
                if not col.header and not col.has_data:
                    continue
                why = f"（{col.how}）" if col.how else ""
                data = "　※データあり" if col.has_data else ""
                lines.append(f"  {col.shown} → {NOT_IMPORTED}{why}{data}")
            else:
                letters = "・".join(column_letter(i) for i in col.span)
                span = f"（{letters}列も）" if letters else ""
                how = "（指定）" if col.how == BY_USER else ""
                lines.append(f"  {col.shown}{span} → {self.field_labels.get(col.key, col.key)}{how}")
        return lines

    def skipped_lines(self) -> list[str]:
        """Skipped rows grouped by reason: 「読み飛ばし: 合計の行 2行（12、30行目）」."""
        groups: dict[str, list[int]] = {}
        for row, reason in self.skipped:
            groups.setdefault(reason, []).append(row)
        return [f"読み飛ばし: {reason} {len(rows)}行（{'、'.join(map(str, rows[:20]))}{'…' if len(rows) > 20 else ''}行目）"
                for reason, rows in groups.items()]
