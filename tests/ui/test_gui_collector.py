"""Cycles are collected on the GUI thread only: garbage that holds a Qt object, freed by a worker
thread, crashes the program (a segmentation fault seen in an import preview)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.ui.gui_collector import GuiThreadCollector
from app.ui.tasks import Progress, run_with_progress


class _Cycle:
    """Garbage only the cycle collector frees: it refers to itself, and holds a Qt object."""

    def __init__(self) -> None:
        self.me = self
        self.qt = QObject()


def _garbage_cycle() -> weakref.ref[_Cycle]:
    cycle = _Cycle()
    return weakref.ref(cycle)  # the last strong reference goes with this frame


def _allocate_past_every_threshold() -> None:
    """Enough new container objects that CPython would collect every generation on the way."""
    keep = [[] for _ in range(gc.get_threshold()[0] * 20)]
    del keep


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    gc.collect()
    yield
    if not was:
        gc.disable()


def test_garbage_made_on_the_gui_thread_is_not_freed_by_a_long_works_thread(qtbot, collecting):
    parent = QWidget()
    qtbot.addWidget(parent)
    alive_in_worker: list[bool] = []
    ref = _garbage_cycle()

    def work(progress: Progress) -> int:
        for _ in range(5):
            _allocate_past_every_threshold()
        alive_in_worker.append(ref() is not None)
        return 1

    assert run_with_progress(parent, "テスト", work) == 1
    assert alive_in_worker == [True]
    assert gc.isenabled()  # handed back as it was
    gc.collect()
    assert ref() is None  # and the GUI thread frees it


def test_with_the_window_collector_cycles_are_freed_on_the_gui_thread_only(qtbot, collecting):
    owner = QWidget()
    qtbot.addWidget(owner)
    collector = GuiThreadCollector(owner, interval_ms=20)
    collector.start()
    try:
        ref = _garbage_cycle()
        thread = threading.Thread(target=lambda: [_allocate_past_every_threshold() for _ in range(5)])
        thread.start()
        thread.join()
        assert ref() is not None  # the other thread allocated past every threshold and freed nothing
        held = [[] for _ in range(gc.get_threshold()[0] * 2)]  # counted until freed
        qtbot.waitUntil(lambda: ref() is None, timeout=5000)  # the timer on the GUI thread did
        del held
    finally:
        collector.stop()
    assert gc.isenabled()
