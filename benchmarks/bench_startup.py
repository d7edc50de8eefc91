"""Start-up time: `kyodo --smoke` against a bare PySide6 window (QApplication + QMainWindow shown, then quit).

    python benchmarks/bench_startup.py [--runs 10]

Both run as fresh processes with QT_QPA_PLATFORM=offscreen; the database already exists and is
at the current schema (the usual case), so Alembic is not needed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([]); w = QMainWindow(); w.show()\n"
    "QTimer.singleShot(0, app.quit); app.exec()\n"
)


def _median_seconds(command: list[str], runs: int) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db)], cwd=ROOT, check=True, capture_output=True)
        bare = _median_seconds([sys.executable, "-c", BARE], args.runs)
        kyodo = _median_seconds([sys.executable, "-m", "app", "--db", str(db), "--smoke"], args.runs)
    print(f"bare PySide6 window : {bare * 1000:7.0f} ms (median of {args.runs})")
    print(f"kyodo --smoke       : {kyodo * 1000:7.0f} ms (median of {args.runs})")
    print(f"difference          : {(kyodo - bare) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
