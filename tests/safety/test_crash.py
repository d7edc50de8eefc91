"""Crash safety: a 3,000-row 名簿 import killed with SIGKILL at staggered moments leaves a sound
file holding all of the import or none of it (benchmarks/crash_trials.py runs more trials)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.safety.crash_support import (
    ALL,
    NONE,
    backups_are_whole,
    kill_times,
    make_base,
    run_trial,
    write_workbook,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
TRIALS = 10


@pytest.fixture(scope="session")
def crash_setup(tmp_path_factory) -> tuple[Path, Path, int]:
    folder = tmp_path_factory.mktemp("crash")
    return write_workbook(folder / "名簿3000.xlsx"), folder / "base.sqlite", make_base(folder / "base.sqlite")


def test_import_killed_at_random_moments_keeps_all_or_nothing(crash_setup, tmp_path: Path) -> None:
    workbook, base, base_count = crash_setup
    full = run_trial(base, workbook, tmp_path, base_count, kill_after=None)
    assert full.outcome == ALL and full.integrity == "ok"  # undisturbed, the import is complete
    outcomes = []
    for delay in kill_times(TRIALS, full.first_output, full.elapsed):
        trial = run_trial(base, workbook, tmp_path, base_count, kill_after=delay)
        assert trial.integrity == "ok", trial
        assert trial.outcome in (NONE, ALL), trial
        assert backups_are_whole(tmp_path), trial
        outcomes.append(trial.outcome)
    # the delays reach from reading the workbook to the commit: kills before it leave nothing (how
    # many land before it depends on the machine's load, so only that some do is asserted)
    assert NONE in outcomes
