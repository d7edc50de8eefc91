"""Small .xlsx files built to stall or exhaust a reader, made in code (no binaries in the repository).

Each is a minimal hand-written package (one sheet, optional shared strings) whose first row holds the
名簿 headers 区分 and 名称, so `kyodo members import` gets past the header search where it can.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>区分</t></is></c><c r="B1" t="inlineStr"><is><t>名称</t></is></c></row>'


SUBMISSION_SHEETS = ("団体概要", "構成団体", "役員", "収支予算書", "収支決算書", "事業実績", "自己評価")
_META = (
    f'<worksheet {_NS}><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>document</t></is></c><c r="B1" t="inlineStr"><is><t>kyodo-submission</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>format_version</t></is></c><c r="B2"><v>1</v></c></row>'
    "</sheetData></worksheet>"
)


def _row(n: int, name: str) -> str:
    return f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>個人</t></is></c><c r="B{n}" t="inlineStr"><is><t>{name}</t></is></c></row>'


def write_package(
    path: Path,
    sheet_body: Iterable[bytes],
    shared_strings: Iterable[bytes] | None = None,
    submission: bool = False,
) -> Path:
    """A one-sheet .xlsx whose sheet XML is the given pieces (inside <worksheet>).

    `submission`: the sheet appears under every name a submission workbook has, beside a hidden
    _meta sheet that says it is one, so the city's aggregate reads the attack sheet's cells."""
    names = SUBMISSION_SHEETS if submission else ("名簿",)
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/worksheets/meta.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            if submission
            else ""
        )
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared_strings is not None
            else ""
        )
        + "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL_NS}">'
        "<sheets>"
        + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId1"/>' for i, n in enumerate(names, 1))
        + ('<sheet name="_meta" sheetId="99" state="hidden" r:id="rId3"/>' if submission else "")
        + "</sheets></workbook>"
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/meta.xml"/>'
        + (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            if shared_strings is not None
            else ""
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        _stream(z, "xl/worksheets/sheet1.xml", [f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'.encode(), *sheet_body, b"</worksheet>"])
        if submission:
            z.writestr("xl/worksheets/meta.xml", _META)
        if shared_strings is not None:
            _stream(z, "xl/sharedStrings.xml", shared_strings)
    return path


def _stream(z: zipfile.ZipFile, name: str, pieces: Iterable[bytes]) -> None:
    with z.open(name, "w", force_zip64=True) as f:
        for piece in pieces:
            f.write(piece)


def cdata_full_of_cells(path: Path, count: int = 40_000, submission: bool = False) -> Path:
    """A page header (after the cells) whose text is a CDATA section holding `count` times "<c ",
    and a formula without a cached value: the old formula check re-scanned from every "<c " to the
    end of the XML looking for a "</c>" that never comes (quadratic: 40,000 → 96 s)."""
    body = (
        "<sheetData>"
        + _HEADER
        + _row(2, "山田太郎")
        + '<row r="3"><c r="A3"><f>1+1</f></c><c r="B3" t="inlineStr"><is><t>佐藤花子</t></is></c></row>'
        "</sheetData>"
        "<headerFooter><oddHeader><![CDATA[" + "<c " * count + "]]></oddHeader></headerFooter>"
    )
    return write_package(path, [body.encode()], submission=submission)


def merge_to_the_end(path: Path, submission: bool = False) -> Path:
    """Two data rows, an empty cell in the last row Excel has, and a merged range A2:XFD1048576
    (17 billion cells if taken literally; the old reader padded a million rows to 16,384 columns)."""
    body = (
        "<sheetData>" + _HEADER + _row(2, "山田太郎") + _row(3, "佐藤花子")
        + '<row r="1048576"><c r="A1048576"/></row></sheetData>'
    )
    body += '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    return write_package(path, [body.encode()], submission=submission)


def far_column_rows(path: Path, rows: int = 20_000, submission: bool = False) -> Path:
    """`rows` rows with one value each in column XFD (the last one Excel has)."""

    def body() -> Iterable[bytes]:
        yield ("<sheetData>" + _HEADER).encode()
        for n in range(2, rows + 2):
            yield f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>'.encode()
        yield b"</sheetData>"

    return write_package(path, body(), submission=submission)


def ten_million_shared_strings(path: Path, count: int = 10_000_000, submission: bool = False) -> Path:
    """A sharedStrings part with `count` one-letter entries (a few hundred KB once compressed)."""

    def strings() -> Iterable[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="{count}" uniqueCount="{count}">'.encode()
        block = b"<si><t>a</t></si>" * 10_000
        for _ in range(count // 10_000):
            yield block
        yield b"</sst>"

    body = "<sheetData>" + _HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row></sheetData>'
    return write_package(path, [body.encode()], strings(), submission)


def ordinary(path: Path, submission: bool = False) -> Path:
    """Not an attack: two rows, for the cost of starting the program and reading a sound file."""
    return write_package(path, [("<sheetData>" + _HEADER + _row(2, "山田太郎") + _row(3, "佐藤花子") + "</sheetData>").encode()], submission=submission)


def far_row(path: Path, submission: bool = False) -> Path:
    """A value in the last row Excel has, far beyond the row cap."""
    body = "<sheetData>" + _HEADER + _row(2, "山田太郎") + _row(1_048_576, "最後の行") + "</sheetData>"
    return write_package(path, [body.encode()], submission=submission)


ATTACKS: dict[str, Callable[[Path], Path]] = {
    "cdata": cdata_full_of_cells,
    "merge": merge_to_the_end,
    "far_column": far_column_rows,
    "shared_strings": ten_million_shared_strings,
    "far_row": far_row,
}
