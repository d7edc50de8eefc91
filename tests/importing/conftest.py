import sys
from pathlib import Path

# so `pytest` (not only `python -m pytest`) finds app/ and tests/helpers/
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
