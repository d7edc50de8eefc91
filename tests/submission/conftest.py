"""Three demo bodies, each submitting last year's files through the command line, shared by the
tests of this folder (built once: demo data, workbooks and PDFs take a few seconds)."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from tests.postgres_support import fresh_database
from tests.ui.conftest import open_window  # noqa: F401 (the window fixture, for the GUI tests)

BODIES = ("あおば台地域協働体", "せせらぎ地域協働体", "みなみ丘地域協働体")
# The last finished fiscal year: the demo closes it, so it is what an office submits.
YEAR = FiscalYear.current().previous()


@dataclass(frozen=True)
class Submitted:
    name: str
    target: Path | str  # the body's database: a file, or with KYODO_TEST_DB a server URL
    folder: Path

    @property
    def workbook(self) -> Path:
        return next(self.folder.glob("*_提出書類_*.xlsx"))


@pytest.fixture(scope="session")
def submitted(tmp_path_factory, _postgres_template):
    root = tmp_path_factory.mktemp("submissions")
    out: dict[str, Submitted] = {}
    with ExitStack() as databases:
        for name in BODIES:
            target = databases.enter_context(fresh_database(root / f"{name}.sqlite"))
            assert main(["demo", "--db", str(target), "--body", name]) == 0
            folder = root / "届いた提出ファイル" / name
            assert main(["submit", "--db", str(target), "--year", str(YEAR.year), "--out", str(folder)]) == 0
            out[name] = Submitted(name, target, folder)
        yield out
