"""The report kinds and their Japanese titles: light, so that `kyodo --help` can list them.

The builders (and SQLAlchemy with them) are in app.reports.export, imported only to export.
"""

from __future__ import annotations

KIND_TITLES: dict[str, str] = {
    "members": "名簿",
    "officers": "役員名簿",
    "budget": "収支予算書",
    "settlement": "収支決算書",
    "ledger": "現金出納簿",
    "evaluation": "自己評価シート",
}
