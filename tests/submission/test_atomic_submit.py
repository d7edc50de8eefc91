"""Submit is all-or-nothing with its record: killed at random moments, failing at the end, the
same folder used again."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.cli import main
from tests.postgres_support import open_target
from tests.submission.conftest import YEAR
from tests.submission.submit_kills import inconsistencies, killed_submit, reopen, timed_submit


@pytest.mark.slow
def test_killed_submissions_leave_all_or_nothing_and_the_folder_stays_usable(tmp_path: Path, new_target) -> None:
    db, out = new_target("office.sqlite"), tmp_path / "提出"
    assert main(["demo", "--db", str(db)]) == 0
    whole = timed_submit(db, YEAR.year, out)
    rng = random.Random(14)
    for after in (rng.uniform(0.2, 0.6) * whole, rng.uniform(0.6, 1.0) * whole, rng.uniform(0.85, 1.1) * whole):
        killed_submit(db, YEAR.year, out, after)
        reopen(db)
        assert inconsistencies(db, out) == []
    # the same folder takes the next 版
    assert main(["submit", "--db", str(db), "--year", str(YEAR.year), "--out", str(out), "--accept-warnings"]) == 0
    assert inconsistencies(db, out) == []


def test_a_failure_at_the_end_removes_the_files_and_the_reservation(tmp_path: Path, new_target, monkeypatch) -> None:
    from app.services.submission import create
    from app.services.submission.history import list_submissions
    db_path, out = new_target("office.sqlite"), tmp_path / "提出"
    assert main(["demo", "--db", str(db_path)]) == 0

    def broken_move(staging, out_dir, names, moved):  # the disk fills up while moving the files in
        names = list(names)
        create_first = names[0]
        (staging / create_first).replace(out_dir / create_first)
        moved.append(out_dir / create_first)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(create, "move_into_place", broken_move)
    assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(out), "--accept-warnings"]) == 1
    assert [p.name for p in out.iterdir()] == []  # neither files nor the staging folder
    db = open_target(db_path)
    try:
        assert list_submissions(db, YEAR) == []
    finally:
        db.close()
    monkeypatch.undo()
    assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(out), "--accept-warnings"]) == 0
    assert inconsistencies(db_path, out) == []
    assert any("第1版" in p.name for p in out.iterdir())  # the failed attempt did not use up 第1版
