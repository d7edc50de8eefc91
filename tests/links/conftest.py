"""The hand-made year of tests/projects (two projects, five meetings), and the window fixture."""

from __future__ import annotations

from tests.projects.conftest import year_db  # noqa: F401 - shared fixture
from tests.ui.conftest import open_window  # noqa: F401 - the window fixture, for the GUI tests here
