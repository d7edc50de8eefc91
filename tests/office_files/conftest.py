import sys
from pathlib import Path

# so `pytest` (not only `python -m pytest`) finds app/ and tests/helpers/
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from tests.fixtures.make_office_files import build  # noqa: E402


@pytest.fixture(scope="session")
def office_files(tmp_path_factory) -> dict[str, Path]:
    """The corpus of office-realistic files (tests/fixtures/make_office_files.py), built once."""
    return build(tmp_path_factory.mktemp("office_files"), with_xls=False)
