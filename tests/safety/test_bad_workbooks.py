"""Bad input sweep (hypothesis): malformed and random workbooks given to every importer.

No crash: either a preview (committed when it has no errors) or ImportFileError/ValidationError with
a message; when rejected, the database is exactly as before. Previews with errors also give an
error workbook (「エラー一覧を保存…」) without crashing.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.validation import ValidationError
from app.importing import write_error_workbook
from app.services.accounts.ledger_import import FIELDS as LEDGER_FIELDS
from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import
from app.services.members.importer import FIELDS as MEMBER_FIELDS
from app.services.members.importer import commit_member_import, preview_member_import
from tests.safety.sweep_support import FY, SWEEP, Template, check_rejection, dump, fresh_db, make_template

WORDS = ["自治会", "老人クラブ", "個人会員", "個人", "収入", "支出", "消耗品費", "雑収入", "現金", "振込", "2025/4/1",
         "令和7年4月1日", "R7.4.1", "2025/02/30", "1,200", "１２０", "120世帯", "はい", "いいえ", "合計", "小計",
         "0191-21-0000", "029-0000", "a@example.jp", "△500", "-300", "=SUM(A1:A3)", "=1/0", "#N/A", ""]  # fmt: skip
cell = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(max_size=20),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 12, 31)),
)


def _labels(fields) -> list[str]:
    return [name for f in fields for name in (f.label, *f.synonyms)]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    return make_template(tmp_path_factory.mktemp("workbooks"))


def _workbook(folder: Path, headers: list[str], rows: list[list], title: bool) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["令和7年度 取り込み見本"])
        ws.append([])
    ws.append([clean(h) for h in headers])
    for row in rows:
        ws.append([clean(v) for v in row])
    path = folder / "input.xlsx"
    wb.save(path)
    return path


IMPORTERS = {
    "members": (lambda db, path: preview_member_import(db, path), lambda db, p: commit_member_import(db, p)),
    "ledger": (lambda db, path: preview_ledger_import(db, path, FY), lambda db, p: commit_ledger_import(db, FY, p)),
}


def _import(db, folder: Path, importer: str, path: Path) -> str:
    preview_fn, commit_fn = IMPORTERS[importer]
    before = dump(db)
    try:
        preview = preview_fn(db, path)
    except ValidationError as exc:  # ImportFileError is one
        check_rejection(exc)
        assert dump(db) == before
        return "file rejected"
    assert preview.summary_lines(long_form=True)  # the preview can always be shown
    if preview.has_errors:
        write_error_workbook(path, preview, folder / "errors.xlsx")
    try:
        commit_fn(db, preview)
    except ValidationError as exc:
        check_rejection(exc)
        assert dump(db) == before
        return "rows rejected"
    assert not preview.has_errors, "a preview with errors was committed"
    return "accepted"


def _rows(width: int):
    return st.lists(st.lists(cell, min_size=width, max_size=width), max_size=8)


@pytest.mark.parametrize("importer,fields", [("members", MEMBER_FIELDS), ("ledger", LEDGER_FIELDS)])
@SWEEP
@given(data=st.data(), title=st.booleans())
def test_random_cells_under_the_right_headers(template, importer, fields, data, title) -> None:
    headers = data.draw(st.lists(st.sampled_from(_labels(fields)), min_size=1, max_size=8, unique=True))
    rows = data.draw(_rows(len(headers)))
    with fresh_db(template) as (db, folder):
        _import(db, folder, importer, _workbook(folder, headers, rows, title))


@pytest.mark.parametrize("importer", ["members", "ledger"])
@SWEEP
@given(data=st.data())
def test_random_headers(template, importer, data) -> None:
    known = _labels(MEMBER_FIELDS) + _labels(LEDGER_FIELDS)
    headers = data.draw(st.lists(st.one_of(st.sampled_from(known), st.text(max_size=12), st.none()),
                                 min_size=0, max_size=8))  # fmt: skip
    rows = data.draw(_rows(len(headers)))
    with fresh_db(template) as (db, folder):
        _import(db, folder, importer, _workbook(folder, headers, rows, title=False))


def _valid_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["区分", "名称", "日付", "費目", "金額"])
    ws.append(["自治会", "新町自治会", date(2025, 5, 1), "消耗品費", 100])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


VALID = _valid_bytes()


def _with_part(part: str, content: bytes) -> bytes:
    """A whole zip package whose `part` (an XML file inside) holds `content` instead."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == part else source.read(item))
    return out.getvalue()


def _mangled(data: bytes, at: int) -> bytes:
    return data[:at] + b"<" + data[at + 1 :]
def _part(name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(VALID)) as z:
        return z.read(name)


_SHEET_XML = _part("xl/worksheets/sheet1.xml")
EMPTY_STYLESHEET = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
broken_files = st.one_of(
    st.binary(max_size=600),
    st.integers(0, len(VALID) - 1).map(lambda n: VALID[:n]),  # truncated
    st.tuples(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=8)).map(  # damaged
        lambda t: VALID[: t[0]] + t[1] + VALID[t[0] + len(t[1]) :]
    ),
    st.sampled_from([b"", b"PK\x03\x04", "区分,名称\n自治会,新町\n".encode("cp932"), b"%PDF-1.4\n"]),
    # a sound zip with a broken part: the sheet, the shared strings or the workbook itself
    st.tuples(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml",
                               "[Content_Types].xml", "xl/styles.xml"]),
              st.one_of(st.binary(max_size=200), st.integers(0, 400).map(lambda n: _SHEET_XML[:n]),
                        st.just(EMPTY_STYLESHEET),  # parses, but the date cell's style is not in it
                        st.integers(0, 400).map(lambda n: _mangled(_SHEET_XML, n)))).map(
        lambda t: _with_part(*t)),
)  # fmt: skip


@pytest.mark.parametrize("importer", ["members", "ledger"])
@SWEEP
@given(content=broken_files)
def test_files_that_are_not_whole_workbooks(template, importer, content) -> None:
    with fresh_db(template) as (db, folder):
        path = folder / "input.xlsx"
        path.write_bytes(content)
        _import(db, folder, importer, path)
