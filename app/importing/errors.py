"""File-level import failures, with Japanese messages that name the file and say what to do."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from app.domain.validation import ValidationError
from app.importing.xlsx_limits import PackageLimitError, check_package

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx both use it
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class ImportFileError(ValidationError):
    """The file cannot be imported at all (wrong format, damaged, no header row, …).

    A ValidationError, so the command line exits 1 with this message like any rejected input.
    `columns` and `signature`: when no header row has every required field, the closest row's
    columns (the window lets the user pick their fields) and its headers' signature.
    """

    columns: list[Any] = []  # noqa: RUF012 (set on the instance)
    signature: str = ""


def check_xlsx_file(path: Path) -> None:
    """Raise ImportFileError unless `path` looks like a readable .xlsx package."""
    name = path.name
    if not path.is_file():
        raise ImportFileError(f"ファイル『{name}』が見つかりません（{path}）")
    try:
        with path.open("rb") as f:
            head = f.read(8)
            if head == _OLE_MAGIC:
                f.seek(0)
                body = f.read(4 * 1024 * 1024)
                if _ENCRYPTED in body:
                    raise ImportFileError(
                        f"ファイル『{name}』はパスワードで保護されています。"
                        "Excelでパスワードを解除して保存し直してから読み込んでください"
                    )
                raise ImportFileError(
                    f"ファイル『{name}』は古い形式（.xls）のExcelファイルです。"
                    "Excelで開き「名前を付けて保存」で「Excel ブック (*.xlsx)」を選んで保存し直してください"
                )
    except OSError as e:
        raise ImportFileError(f"ファイル『{name}』を開けません（{e.strerror or e}）") from e
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):  # a zip whose end is missing: a cut-off copy or download
            raise damaged(path, "ファイルの末尾が欠けています")
        raise ImportFileError(
            f"ファイル『{name}』はExcelファイル（.xlsx）ではありません。"
            "Excelで開き「Excel ブック (*.xlsx)」として保存し直してください"
        )
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            check_package(z)  # before anything inflates the parts
            bad = z.testzip()
    except PackageLimitError as e:
        raise ImportFileError(f"ファイル『{name}』は{e}。Excelで開いて内容を確かめ、保存し直してください") from e
    # zlib.error: a damaged compressed member; RuntimeError/NotImplementedError: encrypted or
    # unsupported compression; ValueError: impossible sizes in the directory
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError, ValueError) as e:
        raise damaged(path, e) from e
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        raise ImportFileError(
            f"ファイル『{name}』はExcelファイル（.xlsx）ではありません"
            "（LibreOfficeの .ods などは .xlsx として保存し直してください）"
        )
    if bad is not None:
        raise damaged(path, bad)


def damaged(path: Path, detail: Any = None) -> ImportFileError:
    return ImportFileError(
        f"ファイル『{path.name}』は壊れているため読み込めません。"
        "Excelで開けるか確かめ、開ける場合は保存し直してください"
        + (f"（詳細: {detail}）" if detail else "")
    )
