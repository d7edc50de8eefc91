"""What each report shows, as plain frozen dataclasses: the contract between the services that
gather it (app/services/<area>/report_data.py, one read transaction) and app/reports, which only
shapes it into a Report and writes it. Here, so that both can name the types: app/reports imports
app.domain, never app.services or app.storage (tests/test_layers.py checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportBody:
    """The body's profile (団体情報) as reports print it."""

    name: str = ""
    centre_name: str = ""
    area: str = ""
    chair_name: str = ""
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    established_on: date | None = None


@dataclass(frozen=True)
class ReportOptions:
    """What `kyodo export … --book/--account/--stamps` and the export dialog choose for the 会計
    forms. None: the default (the first 会計, its 現金, the 印 boxes of the settings)."""

    book: str | None = None  # 会計名
    account: str | None = None  # 口座名 (出納簿)
    stamps: bool | None = None  # True: 会長・会計・監事の印欄; False: none

    def given(self) -> list[str]:
        """The options set, as their command-line names."""
        return [f"--{name}" for name in ("book", "account", "stamps") if getattr(self, name) is not None]
