"""Writing a file so that a half-written one never replaces a good one (a submission prepared earlier,
an error workbook the user is fixing): written beside it under a temporary name, then put in its place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def replace_atomically(path: Path, write: Callable[[str], None], suffix: str = "") -> Path:
    """`write(name)` fills a temporary file in `path`'s folder (made if missing), which then replaces
    `path` at once; when writing fails the temporary file is removed and `path` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~kyodo-", suffix=suffix)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_xlsx_atomically(path: Path, build: Callable[[Any], None]) -> Path:
    """An XlsxWriter workbook filled by `build(workbook)`, in place of `path` only once it is whole
    (constant memory: rows are written as they come, so a 200,000-row sheet is never held)."""
    import xlsxwriter  # (lazy: not needed at start-up)

    def write(tmp: str) -> None:
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True})
        try:
            build(wb)
        except BaseException:
            with contextlib.suppress(Exception):  # (the build's own error is the one to report)
                wb.close()  # releases the sheets' temporary files; the half-written file is removed
            raise
        wb.close()

    return replace_atomically(path, write, ".xlsx")
