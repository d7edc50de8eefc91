"""Python's cycle collector while a `kyodo` process starts.

Starting, the program imports SQLAlchemy, its models, Qt or the report writers: hundreds of
thousands of objects that live as long as the process and are never garbage. The collector still
walks them again and again (a third of a 10,000-entry export's time went to that). So a process
started as `kyodo` (cli.main) pauses the collector, and once the program has what it needs and
begins on the data (a command's database is open, the window shows its data) resumes it, first
moving everything made so far out of its sight (gc.freeze, as the Python documentation advises
for this case). Cycles made after that are collected as usual.

A test calling cli.main(argv) in its own process does not pause anything.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector(*, freeze: bool = True) -> None:
    """Collect cycles again, if pause_collector() stopped it (else nothing): with `freeze`, what
    exists now is never examined again."""
    global _paused
    if _paused:
        _paused = False
        if freeze:
            gc.freeze()
        gc.enable()


def thaw() -> None:
    """Let the collector see again what resume_collector() froze: the window calls it after closing
    a database it switched away from, whose objects (made at start-up) may now be cyclic garbage."""
    gc.unfreeze()
