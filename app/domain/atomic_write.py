"""Writing a file so that a half-written one never replaces a good one (a submission prepared earlier,
an error workbook the user is fixing): written beside it under a temporary name, then put in its place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


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
