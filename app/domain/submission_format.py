"""The submission workbook's format: its sheets, its hidden metadata and the checksum of its content.

Pure Python, shared by the body's side (which writes the checksum) and city hall's side (which
checks it), so both compute it the same way from whatever reads the cells.

Canonical content (format version 1), hashed with SHA-256 as UTF-8:
    for every sheet whose state is "visible", in workbook order:
        "#sheet\t<name>\n"
        for every row that has at least one non-empty cell, top to bottom:
            the row's cells up to its last non-empty one, each as canonical text, joined by "\t", + "\n"
    canonical text of a cell: empty → "", int → decimal digits, float → 15 significant digits
    (format "%.15g": 3.0 → "3", 1.2222222222222223 → "1.22222222222222" — what an .xlsx keeps
    of a float), date / midnight datetime → "2025-04-01", other datetime → ISO,
    bool → TRUE/FALSE, text → the text with "\\" "\t" "\n" escaped (CR LF and CR count as LF).
    Formulas count as their text ("=SUM(C5:C12)"), so the checksum does not depend on whether a
    program stored computed values. Empty rows are skipped: inserting blank rows is not a change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

FORMAT_VERSION = 1
# Older formats city hall can still read (none yet: version 1 is the first).
READABLE_VERSIONS: frozenset[int] = frozenset({1})

META_SHEET = "_meta"  # the hidden sheet (the name app.reports.xlsx_writer uses)
META_FORMAT_VERSION = "format_version"
META_KIND = "document"
META_KIND_VALUE = "kyodo-submission"
META_BODY = "body_name"
META_YEAR = "fiscal_year"
META_CREATED = "created_at"
META_EDITION = "edition"  # 第N版
META_CHECKSUM = "content_sha256"
MANIFEST_DOCUMENT = "協働デスク 提出ファイル一覧"  # the "document" of the manifest (JSON) beside the workbook

OVERVIEW_SHEET = "団体概要"
SETTLEMENT_SHEET = "収支決算書"
FACILITY_SHEET = "施設利用"
SHEETS: tuple[str, ...] = (
    "団体概要", "構成団体", "役員", "収支予算書", "収支決算書", "事業実績", "自己評価", FACILITY_SHEET,
)
# Sheets every readable submission has. 施設利用 came later (issue 16): a workbook made before it is
# still totalled, its facility figures left blank.
REQUIRED_SHEETS: tuple[str, ...] = tuple(s for s in SHEETS if s != FACILITY_SHEET)


def file_sha256(path: Any) -> str:
    """SHA-256 (hex) of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def canonical_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def canonical_rows(rows: Iterable[Sequence[Any]]) -> Iterable[str]:
    for row in rows:
        cells = [canonical_cell(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            yield "\t".join(cells)


def content_checksum(sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]]) -> str:
    """SHA-256 (hex) of the canonical content of the given visible sheets, (name, rows) in order."""
    digest = hashlib.sha256()
    for name, rows in sheets:
        digest.update(f"#sheet\t{canonical_cell(name)}\n".encode())
        for line in canonical_rows(rows):
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def workbook_checksum(workbook: Any) -> str:
    """content_checksum over an openpyxl workbook (normal or read-only, formulas as text)."""
    return content_checksum(
        (ws.title, ws.iter_rows(values_only=True))
        for ws in workbook.worksheets
        if getattr(ws, "sheet_state", "visible") == "visible"
    )
