"""The cycle collector is paused only in a process started as `kyodo` (app.startup_gc): a program
(such as these tests) that calls cli.main(argv) keeps its collector as it was, whether the command
succeeds, opens a database or is refused as a usage error."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from app.cli import main as kyodo


def test_main_called_with_arguments_leaves_the_collector_alone(tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    db = tmp_path / "office.sqlite"
    assert kyodo(["demo", "--db", str(db)]) == 0
    assert kyodo(["export", "members", "--db", str(db), "--year", "2025", "--format", "xlsx",
                  "--out", str(tmp_path / "m.xlsx")]) == 0
    with pytest.raises(SystemExit) as usage:
        kyodo(["export", "members"])  # --db, --format and --out missing
    assert usage.value.code == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing of this process was frozen
