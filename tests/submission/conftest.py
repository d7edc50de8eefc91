"""The window fixture of tests/ui, for the 提出 section's GUI tests."""

from tests.ui.conftest import open_window  # noqa: F401 (a fixture)
