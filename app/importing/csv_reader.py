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
    """(text, name of the encoding). Raises ImportFileError when the file is neither."""
    data, encoding = _encoded(path)
    return data.decode(encoding), dict(ENCODINGS)[encoding]


def _encoded(path: Path) -> tuple[bytes, str]:
    """(the file's bytes, the codec that reads them). Raises ImportFileError when neither does."""
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
    for encoding, _label in ENCODINGS:
        try:
            data.decode(encoding)  # only to know it reads: the rows are decoded as they are read
        except UnicodeDecodeError:
            continue
        return data, encoding
    raise ImportFileError(
        f"ファイル『{path.name}』の文字コードが分かりません（UTF-8 か Shift_JIS で保存してください）"
    )


def read_csv_rows(path: Path) -> tuple[list[tuple[str | None, ...]], str]:
    """Every row as a tuple of text (None for an empty cell), and the encoding's name.

    The text is decoded as the rows are read (never held whole beside them), and a cell text seen
    before is kept once (区分, 班, 加入日 repeat down a roster): a 200,000-row file stays small."""
    data, encoding = _encoded(path)
    sample = data[:16384].decode(encoding, errors="ignore")[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    seen: dict[str, str] = {}
    keep = seen.setdefault
    try:
        with io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="") as text:
            del data  # (the wrapper's buffer holds the bytes)
            # "" → None; a cell of spaces stays text and counts as empty wherever values are read
            rows = [tuple(None if not c else keep(c, c) if len(c) <= _SHARED_UP_TO else c for c in row)
                    for row in csv.reader(text, dialect)]
    except csv.Error as e:
        raise ImportFileError(f"ファイル『{path.name}』はCSVとして読めません（{e}）") from e
    return rows, dict(ENCODINGS)[encoding]


_SHARED_UP_TO = 24  # characters: short texts repeat (区分, 班, dates); long ones (住所, 備考) rarely do
