"""Time and peak memory of reading each attack file, as the 名簿 import and the city's aggregate do.

    python benchmarks/bench_adversarial.py [--checkout DIR] [--limit-mb 3000] [--timeout 120]

`--checkout` runs another checkout's app (e.g. /work/main before a change) on the same files.
Each reading is a fresh child process under RLIMIT_AS; the time is the reading call alone (start-up
and imports excluded, a sound file read first), the memory the child's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.adversarial.attack_files import ATTACKS, ordinary  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from app.importing import read_sheet
from app.services.members.importer import FIELDS
from app.services.city.aggregate import SubmissionFileError, read_submission
what, path, warm = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
call = (lambda p: read_sheet(p, FIELDS)) if what == "import" else read_submission
try:
    call(warm)
except Exception:
    pass
start = time.perf_counter()
try:
    call(path)
    outcome = "read"
except BaseException as e:
    outcome = type(e).__name__ + ": " + str(e)[:110]
print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, outcome]))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--limit-mb", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    code = CHILD.format(limit=args.limit_mb * 2**20)
    with tempfile.TemporaryDirectory() as tmp:
        warm = ordinary(Path(tmp) / "warm.xlsx")
        for name, build in {"ordinary": ordinary, **ATTACKS}.items():
            if args.only and name not in args.only:
                continue
            for what in ("import", "aggregate"):
                path = build(Path(tmp) / f"{name}.xlsx", submission=what == "aggregate")
                try:
                    done = subprocess.run(
                        [sys.executable, "-c", code, what, str(path), str(warm)], cwd=args.checkout,
                        capture_output=True, text=True, timeout=args.timeout,
                    )
                    seconds, mb, outcome = json.loads(done.stdout.strip().splitlines()[-1])
                except subprocess.TimeoutExpired:
                    seconds, mb, outcome = args.timeout, -1, "timed out"
                except (IndexError, ValueError):
                    seconds, mb, outcome = -1, -1, f"crashed: {done.stderr.strip()[-110:]}"
                print(f"{name:15} {what:9} {path.stat().st_size:>8,} B {seconds:7.2f} s {mb:6} MB  {outcome}",
                      flush=True)


if __name__ == "__main__":
    main()
