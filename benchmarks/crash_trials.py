"""Kill a 3,000-row 名簿 import with SIGKILL at staggered moments, many times, and count outcomes.

    /tmp/venv/bin/python benchmarks/crash_trials.py [--trials 100]

Each trial: a fresh copy of a small database, `python -m app members import` in a child process,
SIGKILL after a delay spread over the import's whole duration (reading, checking, backup, commit),
then `PRAGMA integrity_check` and a count of the register. Anything but ok + all-or-none is a failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.safety.crash_support import (  # noqa: E402
    ALL,
    NONE,
    backups_are_whole,
    kill_times,
    make_base,
    run_trial,
    write_workbook,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbook = write_workbook(folder / "名簿3000.xlsx")
        base_count = make_base(folder / "base.sqlite")
        work = folder / "work"
        work.mkdir()
        full = run_trial(folder / "base.sqlite", workbook, work, base_count, kill_after=None)
        print(f"undisturbed import: {full.outcome}, summary after {full.first_output:.2f} s, "
              f"finished after {full.elapsed:.2f} s")  # fmt: skip
        counts: Counter[str] = Counter()
        bad = []
        for delay in kill_times(args.trials, full.first_output, full.elapsed, seed=args.seed):
            trial = run_trial(folder / "base.sqlite", workbook, work, base_count, kill_after=delay)
            phase = "finished before the kill" if trial.finished_first else (
                "killed while reading" if delay < full.first_output else "killed while committing")
            counts[f"{trial.outcome} ({phase})"] += 1
            if trial.outcome not in (NONE, ALL) or trial.integrity != "ok" or not backups_are_whole(work):
                bad.append(trial)
        print(f"{args.trials} trials:")
        for key, n in sorted(counts.items()):
            print(f"  {key}: {n}")
        print(f"failures (not ok, partial, or a broken backup): {len(bad)}")
        for trial in bad:
            print(f"  {trial}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
