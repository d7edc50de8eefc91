"""CSV files as offices have them: UTF-8 with or without BOM, or Shift_JIS (CP932) from Excel on
Windows; comma or tab separated. Every cell is text, so phone numbers keep their leading 0."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.importing.errors import ImportFileError

# CP932 is Shift_JIS as Windows writes it (with NEC/IBM extensions such as ①, ㈱, 髙)
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp932", "Shift_JIS"))


def decode(path: Path) -> tuple[str, str]:
    """(text, name of the encoding): the file decoded once, with the first encoding that reads all of
    it. Raises ImportFileError when the file is neither."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"ファイル『{path.name}』が見つかりません（{path}）") from None
    except OSError as e:
        raise ImportFileError(f"ファイル『{path.name}』を開けません（{e.strerror or e}）") from e
    if b"\0" in data[:4096]:
        raise ImportFileError(
            f"ファイル『{path.name}』は文字のCSVファイルではありません（UTF-16などは、Excelで"
            "「CSV UTF-8（コンマ区切り）」として保存し直してください）"
        )
    for encoding, label in ENCODINGS:
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        f"ファイル『{path.name}』の文字コードが分かりません（UTF-8 か Shift_JIS で保存してください）"
    )


def read_csv_rows(path: Path) -> tuple[list[tuple[str | None, ...]], str]:
    """Every row as a tuple of text (None for an empty cell), and the encoding's name.

    The file is decoded once (the bytes let go before the rows are read), and a cell text seen before
    is kept once (区分, 班, 加入日 repeat down a roster): a 200,000-row file stays small."""
    decoded, encoding = decode(path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(decoded[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # every cell text through one dict, at C speed (map): a text seen before is kept once, and "" is
    # None (a cell of spaces stays text and counts as empty wherever values are read)
    seen: dict[str, str | None] = {"": None}
    keep = seen.setdefault
    try:
        with io.StringIO(decoded, newline="") as text:  # (lines split as a file opened with newline="")
            del decoded  # (the buffer holds the text)
            rows = [tuple(map(keep, row, row)) for row in csv.reader(text, dialect)]
    except csv.Error as e:
        raise ImportFileError(f"ファイル『{path.name}』はCSVとして読めません（{e}）") from e
    return rows, encoding
