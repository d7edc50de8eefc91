"""Run LibreOffice headless in tests: recalculate workbooks, convert to PDF.

Each call uses a fresh user profile, so parallel or crashed runs never block one another.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(src: Path, fmt: str, outdir: Path, timeout: float = 120) -> Path:
    """`soffice --convert-to fmt`; returns the converted file. xlsx → xlsx recalculates formulas
    and stores their cached values."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=timeout,
        )
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    if not out.exists():
        raise AssertionError(f"LibreOffice did not write {out}")
    return out


def recalculated(xlsx: Path, outdir: Path) -> Path:
    """A copy of `xlsx` as LibreOffice saves it: every formula with its computed cached value."""
    return convert(xlsx, "xlsx", outdir)
