"""A real second process holding the lock on a demo database (the writers' tests use it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.cli import main as kyodo
from tests.ui.conftest import open_window  # noqa: F401  (the window tests of this folder use it)

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from app.storage.lock import acquire_for_cli
    with acquire_for_cli(sys.argv[1], heartbeat_seconds=0.2):
        print("holding", flush=True)
        time.sleep(120)
    """
)


@pytest.fixture
def holder(tmp_path: Path):
    """Start a separate process that holds the lock on a demo database; yields (db path, process)."""
    path = tmp_path / "shared.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()
