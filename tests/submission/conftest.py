"""Three demo bodies, each submitting last year's files through the command line, shared by the
tests of this folder (built once: demo data, workbooks and PDFs take a few seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from tests.ui.conftest import open_window  # noqa: F401 (the window fixture, for the GUI tests)

BODIES = ("あおば台地域協働体", "せせらぎ地域協働体", "みなみ丘地域協働体")
# The last finished fiscal year: the demo closes it, so it is what an office submits.
YEAR = FiscalYear.current().previous()


@dataclass(frozen=True)
class Submitted:
    name: str
    db_path: Path
    folder: Path

    @property
    def workbook(self) -> Path:
        return next(self.folder.glob("*_提出書類_*.xlsx"))


@pytest.fixture(scope="session")
def submitted(tmp_path_factory) -> dict[str, Submitted]:
    root = tmp_path_factory.mktemp("submissions")
    out: dict[str, Submitted] = {}
    for name in BODIES:
        db_path = root / f"{name}.sqlite"
        assert main(["demo", "--db", str(db_path), "--body", name]) == 0
        folder = root / "届いた提出ファイル" / name
        assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(folder)]) == 0
        out[name] = Submitted(name, db_path, folder)
    return out
