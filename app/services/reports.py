"""Every report kind in one registry: KIND → the service that gathers its data (one read
transaction, frozen dataclasses of app.domain.report_data) and the function of app/reports that
shapes that data into a Report. Used by `kyodo export`, the window's 出力 dialog and the submission.

Arrows: services → app.reports (shaping functions, model, writers) is allowed, here and in
services/submission; app/reports never imports app.services or app.storage (tests/test_layers.py).
To add a kind: its title in app/reports/kinds.py, its data types in app/domain/report_data/, the
gathering service in app/services/<area>/report_data.py, the shaping in app/reports/<area>.py and
one entry in KINDS below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportOptions
from app.domain.validation import ValidationError
from app.reports.kinds import KIND_TITLES, Format, Profile
from app.reports.model import Report
from app.services.settings import print_date_style
from app.storage.database import Database

if TYPE_CHECKING:
    from app.domain.report_data.accounts import AuditData, StatementData
    from app.reports.pack import Pack


def _later(module: str, name: str) -> Callable[..., Any]:
    """`module.name`, imported when first called: an export loads only its own kind's gathering and
    shaping (every kind's modules together were 0.06 s of each export)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


_ACCOUNTS_DATA = "app.services.accounts.report_data"
_ACCOUNTS = "app.reports.accounts"
_MEMBERS_DATA, _MEMBERS = "app.services.members.report_data", "app.reports.members"
_FACILITY_DATA, _FACILITY = "app.services.facility.report_data", "app.reports.facility"

D = TypeVar("D")


@dataclass(frozen=True)
class ReportKind(Generic[D]):
    # (db, year, today) → the report's data; a kind with `options` also takes (…, ReportOptions)
    gather: Callable[..., D]
    # (data, "full" | "public") → the Report (the 総会資料: a Pack of reports), no database
    shape: Callable[[D, Profile], Report | Pack]
    # a kind with a 月報 (usage): (db, year, month, today) → one month's data
    gather_month: Callable[[Database, FiscalYear, int, date | None], D] | None = None
    # the 会計 forms take --book/--account/--stamps (ReportOptions)
    options: frozenset[str] = frozenset()


BOOK_OPTIONS = frozenset({"--book", "--stamps"})
LEDGER_OPTIONS = BOOK_OPTIONS | {"--account"}


def _settlement_shape(data: tuple[StatementData, AuditData], profile: str) -> Report:
    from app.reports import accounts as accounts_reports

    return accounts_reports.settlement_report(data[0], profile, data[1])


_usage_data = _later(_FACILITY_DATA, "usage_report_data")
_usage_report = _later(_FACILITY, "build_usage_report")
_facility_report = _later(_FACILITY, "build_facility_report")

KINDS: dict[str, ReportKind[Any]] = {
    "members": ReportKind(_later(_MEMBERS_DATA, "members_report_data"), _later(_MEMBERS, "members_report")),
    "officers": ReportKind(_later(_MEMBERS_DATA, "officers_report_data"), _later(_MEMBERS, "officers_report")),
    "budget": ReportKind(_later(_ACCOUNTS_DATA, "budget_report_data"), _later(_ACCOUNTS, "budget_report"),
                         options=BOOK_OPTIONS),
    # the 監査報告 at the end of the 決算書
    "settlement": ReportKind(_later(_ACCOUNTS_DATA, "settlement_report_data"), _settlement_shape,
                             options=BOOK_OPTIONS),
    "ledger": ReportKind(_later(_ACCOUNTS_DATA, "ledger_report_data"), _later(_ACCOUNTS, "ledger_report"),
                         options=LEDGER_OPTIONS),
    "assets": ReportKind(_later(_ACCOUNTS_DATA, "assets_report_data"), _later(_ACCOUNTS, "assets_report"),
                         options=BOOK_OPTIONS),
    "audit": ReportKind(_later(_ACCOUNTS_DATA, "audit_report_data"), _later(_ACCOUNTS, "audit_report"),
                        options=BOOK_OPTIONS),
    "evaluation": ReportKind(_later("app.services.projects.report_data", "evaluation_report_data"),
                             _later("app.reports.evaluation", "evaluation_report")),
    "usage": ReportKind(
        lambda db, year, today: _usage_data(db, year, None, today),
        lambda data, _profile: _usage_report(data),
        gather_month=lambda db, year, month, today: _usage_data(db, year, month, today),
    ),
    "facility-report": ReportKind(
        _later(_FACILITY_DATA, "facility_report_data"), lambda data, _profile: _facility_report(data)
    ),
}


def _gather_book(kind: str) -> Callable[[Database, FiscalYear, date | None, str], Any]:
    return lambda db, year, today, book: KINDS[kind].gather(db, year, today, ReportOptions(book=book))


def _pack_data(db: Database, year: FiscalYear, today: date | None) -> Any:
    # the settlement kind's data carries its 監査報告 (printed at the end of the 決算書), so the pack
    # gathers no separate audit (it would print twice); one per 会計
    from app.services.projects.pack_data import pack_report_data

    return pack_report_data(db, year, today, _gather_book("settlement"))


def _pack_shape(data: Any, profile: Profile) -> Pack:
    from app.reports import pack as pack_reports

    return pack_reports.pack_report(data, profile, _settlement_shape)


# the 総会資料 is made of other kinds' data (the 決算報告 is the settlement kind's), gathered in one read
KINDS["pack"] = ReportKind(_pack_data, _pack_shape)
assert set(KINDS) <= set(KIND_TITLES), "every kind needs its title in app/reports/kinds.py"


def report_kind(kind: str) -> ReportKind[Any]:
    if kind not in KIND_TITLES:
        raise ValidationError(f"出力の種類「{kind}」はありません（{', '.join(KIND_TITLES)}）")
    if kind not in KINDS:
        raise ValidationError(f"「{KIND_TITLES[kind]}」の出力は、このバージョンではまだ使えません。")
    return KINDS[kind]


def unsupported_options(kind: str, options: ReportOptions | None) -> list[str]:
    """The options given that `kind` does not take (a usage error on the command line)."""
    given = options.given() if options is not None else []
    return [o for o in given if o not in report_kind(kind).options]


def build_report(
    db: Database, kind: str, year: FiscalYear, profile: Profile = "full", today: date | None = None,
    month: int | None = None, options: ReportOptions | None = None,
) -> Report | Pack:
    """The report of `kind` for `year` (one `month` of it, for the kinds that have a 月報); `today`
    is its 作成日 (default: today); `options` choose the 会計, 口座 and 印 boxes of the 会計 forms."""
    k = report_kind(kind)
    wrong = unsupported_options(kind, options)
    if wrong:
        raise ValidationError(f"「{KIND_TITLES[kind]}」には {' '.join(wrong)} は使えません。")
    if month is None:
        if k.options:
            return k.shape(k.gather(db, year, today, options or ReportOptions()), profile)
        return k.shape(k.gather(db, year, today), profile)
    if k.gather_month is None:
        raise ValidationError(f"「{KIND_TITLES[kind]}」には月ごとの出力（--month）はありません。")
    if not 1 <= month <= 12:
        raise ValidationError(f"--month は1〜12で指定してください（{month}）")
    return k.shape(k.gather_month(db, year, month, today), profile)


def write_report(report: Report | Pack, fmt: Format, out: Path) -> Path:
    """Write as .xlsx or .pdf; the target file appears only when complete."""
    if not isinstance(report, Report):  # the 総会資料: a Pack of reports
        return _write_pack(report, fmt, out)
    if fmt == "xlsx":
        from app.reports.xlsx_writer import write_xlsx

        return write_xlsx(report, out)
    from app.reports.pdf_writer import write_pdf

    return write_pdf(report, out)


def _write_pack(pack: Pack, fmt: Format, out: Path) -> Path:
    from app.reports import pack as pack_reports

    if fmt == "xlsx":
        from app.reports.xlsx_writer import write_xlsx_book

        return write_xlsx_book(pack_reports.pack_sheets(pack), out, title=pack.title, metadata=pack.metadata,
                               contains_personal_data=pack.contains_personal_data)
    from app.reports.pack_pdf import write_pack_pdf

    return write_pack_pdf(pack, out)


def export_report(
    db: Database, kind: str, year: FiscalYear, fmt: Format, out: Path, profile: Profile = "full",
    today: date | None = None, month: int | None = None, options: ReportOptions | None = None,
) -> Path:
    report = build_report(db, kind, year, profile, today, month, options)
    # the office's date style travels in the report (writers read no settings); read after the
    # report's own data, which build_report gathers over one connection
    report.date_style = print_date_style(db)
    return write_report(report, fmt, out)
