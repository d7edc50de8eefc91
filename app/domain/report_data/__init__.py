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
