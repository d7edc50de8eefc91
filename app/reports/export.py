"""One export function for every report kind, used by the command line and the window alike.

Each area registers a builder `build(db, year, profile) -> Report` under its KIND name in
BUILDERS (as "module:function", imported only when that kind is exported).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.lazy import load
from app.reports.kinds import KIND_TITLES  # also still importable from here (the window uses it)
from app.reports.model import Report
from app.storage.database import Database

Profile = Literal["full", "public"]
Format = Literal["xlsx", "pdf"]

# KIND -> "module:function"; an area adds its entry when its report exists.
BUILDERS: dict[str, str] = {
    "members": "app.reports.members:build_members_report",
    "officers": "app.reports.members:build_officers_report",
    "budget": "app.reports.accounts:build_budget_report",
    "settlement": "app.reports.accounts:build_settlement_report",
    "ledger": "app.reports.accounts:build_ledger_report",
    "evaluation": "app.reports.evaluation:build_evaluation_report",
}

Builder = Callable[[Database, FiscalYear, Profile], Report]


def builder_for(kind: str) -> Builder:
    if kind not in KIND_TITLES:
        raise ValidationError(f"出力の種類「{kind}」はありません（{', '.join(KIND_TITLES)}）")
    if kind not in BUILDERS:
        raise ValidationError(f"「{KIND_TITLES[kind]}」の出力は、このバージョンではまだ使えません。")
    return load(BUILDERS[kind])


def build_report(db: Database, kind: str, year: FiscalYear, profile: Profile = "full") -> Report:
    return builder_for(kind)(db, year, profile)


def export_report(
    db: Database, kind: str, year: FiscalYear, fmt: Format, out: Path, profile: Profile = "full"
) -> Path:
    """Build the report and write it; the target file appears only when complete."""
    report = build_report(db, kind, year, profile)
    if fmt == "xlsx":
        from app.reports.xlsx_writer import write_xlsx

        return write_xlsx(report, out)
    from app.reports.pdf_writer import write_pdf

    return write_pdf(report, out)
