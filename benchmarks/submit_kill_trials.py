"""SIGKILL `kyodo submit` at random moments and check every time that no 版 is recorded without its
files and no file is left that no 版 records (the folder is used again every time).

    python benchmarks/submit_kill_trials.py [--trials 20] [--seed 14]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.fiscal_year import FiscalYear  # noqa: E402
from tests.submission.submit_kills import inconsistencies, killed_submit, reopen, timed_submit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    year = FiscalYear.current().previous().year
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db, out = Path(tmp) / "office.sqlite", Path(tmp) / "提出"
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db)], cwd=ROOT, check=True,
                       capture_output=True)
        whole = timed_submit(db, year, out)
        print(f"one whole submission: {whole:.1f} s")
        bad = killed = 0
        for n in range(args.trials):
            after = rng.uniform(0.1, 1.1) * whole
            killed += killed_submit(db, year, out, after)
            reopen(db)
            problems = inconsistencies(db, out)
            bad += bool(problems)
            print(f"trial {n + 1:2}: kill after {after:5.1f} s → {'; '.join(problems) or 'consistent'}")
        print(f"{killed} of {args.trials} killed, {bad} inconsistent")


if __name__ == "__main__":
    main()
