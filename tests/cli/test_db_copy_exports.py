"""`kyodo db copy` round trip: a demo office (SQLite) → PostgreSQL → SQLite again, and every export —
each kind, both formats, 公表用, per 会計 and 口座, a month's usage, the submission — comes out byte
for byte the same from the original, from the server and from the copy brought back.

The files' creation time is the only thing the writers take from the clock: SOURCE_DATE_EPOCH fixes
it (reportlab reads it for the PDFs, app/reports/xlsx_writer.py for the workbooks), as for any
reproducible build; the submission's time is the service's `now`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.reports.kinds import KIND_TITLES, KINDS_WITH_PUBLIC_PROFILE
from app.services.accounts.books import list_accounts, list_books
from app.services.demo.create import create_demo
from app.services.submission.create import create_submission
from app.services.submission.signing import signing_key
from app.storage.database import open_database
from tests import postgres_support
from tests.cli.test_db_copy import table_rows

pytestmark = pytest.mark.skipif(not postgres_support.on_postgres(), reason="KYODO_TEST_DB is not a PostgreSQL URL")

TODAY = date(2026, 3, 1)  # the demo's years: 令和5・6・7年度, the first two closed
YEARS = (2023, 2024, 2025)
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC, the files' creation time


@dataclass(frozen=True)
class Offices:
    original: Path
    server: str
    back: Path
    root: Path

    def each(self) -> dict[str, Path | str]:
        return {"original": self.original, "server": self.server, "back": self.back}


@pytest.fixture(scope="module")
def offices(tmp_path_factory, _postgres_template):
    root = tmp_path_factory.mktemp("round_trip")
    original = root / "original.sqlite"
    db = open_database(original)
    create_demo(db, today=TODAY)
    signing_key(db)  # the submission's key: beside the file and in the data, so the copies sign alike
    db.close()
    name, url = postgres_support.new_database()  # migrated and empty, as `kyodo new` leaves it
    try:
        server, back = postgres_support.server_url(url), root / "back.sqlite"
        assert main(["db", "copy", "--from", str(original), "--to", server]) == 0
        assert main(["db", "copy", "--from", server, "--to", str(back)]) == 0
        yield Offices(original, server, back, root)
    finally:
        postgres_support.drop_database(name)


def test_every_row_is_the_same_on_the_server_and_back(offices) -> None:
    rows = table_rows(offices.original)
    assert sum(len(r) for r in rows.values()) > 10_000  # the demo's three years
    assert table_rows(offices.server) == rows
    assert table_rows(offices.back) == rows


@pytest.fixture(autouse=True)
def _fixed_creation_time(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _difference(a: Path, b: Path) -> str:
    """Where two files differ, for the failure message: the workbook's parts, or the first byte."""
    if a.suffix == ".xlsx":
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            names = sorted(set(za.namelist()) | set(zb.namelist()))
            return "differing parts: " + ", ".join(
                n for n in names if n not in za.namelist() or n not in zb.namelist() or za.read(n) != zb.read(n))
    x, y = a.read_bytes(), b.read_bytes()
    at = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    return f"sizes {len(x)}/{len(y)}, first difference at byte {at}: {x[at - 40:at + 40]!r} / {y[at - 40:at + 40]!r}"


def _same_everywhere(offices: Offices, capsys, argv: list[str], suffix: str) -> None:
    """`kyodo ARGV --db X --out F` for the three databases: the same exit code and the same bytes."""
    results = {}
    for where, target in offices.each().items():
        out = offices.root / where / f"{'_'.join(argv)}.{suffix}"
        code = main([*argv, "--db", str(target), "--out", str(out)])
        err = capsys.readouterr().err
        results[where] = (code, out, err)
    code, first, err = results["original"]
    assert code == 0, err
    for where in ("server", "back"):
        other_code, other, other_err = results[where]
        assert other_code == 0, other_err
        assert first.read_bytes() == other.read_bytes(), f"{where}: {_difference(first, other)}"


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("kind", list(KIND_TITLES))
def test_every_kind_reads_the_same_after_the_round_trip(offices, capsys, kind, year, fmt) -> None:
    _same_everywhere(offices, capsys, ["export", kind, "--year", str(year), "--format", fmt], fmt)
    if kind in KINDS_WITH_PUBLIC_PROFILE:
        _same_everywhere(offices, capsys, ["export", kind, "--year", str(year), "--format", fmt,
                                           "--profile", "public"], fmt)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_each_book_account_month_and_stamps_read_the_same(offices, capsys, fmt) -> None:
    db = open_database(offices.original)
    try:
        books = {b.name: [a.name for a in list_accounts(db, b.id)] for b in list_books(db)}
    finally:
        db.close()
    assert len(books) >= 2 and sum(len(a) for a in books.values()) >= 3  # the demo has several of each
    year = ["--year", "2024", "--format", fmt]
    for book, accounts in books.items():
        for kind in ("budget", "settlement", "ledger", "assets", "audit"):
            _same_everywhere(offices, capsys, ["export", kind, *year, "--book", book], fmt)
        for account in accounts:
            _same_everywhere(offices, capsys, ["export", "ledger", *year, "--book", book, "--account", account], fmt)
    _same_everywhere(offices, capsys, ["export", "audit", *year, "--stamps"], fmt)
    for month in (4, 6, 3):
        _same_everywhere(offices, capsys, ["export", "usage", *year, "--month", str(month)], fmt)


def test_the_submission_reads_the_same(offices, tmp_path) -> None:
    """`kyodo submit`'s files (workbook, PDFs, manifest; signed with the body's key) from the three.
    The submission is recorded in the data: each is made on a copy of its own."""
    import shutil

    from app.services.office import Office
    from app.services.submission.signing import key_file

    year, now = FiscalYear(2024), datetime(2026, 5, 20, 10, 0)
    name, url = postgres_support.new_database()
    try:
        server = postgres_support.server_url(url)
        assert main(["db", "copy", "--from", str(offices.original), "--to", server]) == 0
        targets: dict[str, Path | str] = {"server": server}
        for where, path in (("original", offices.original), ("back", offices.back)):
            own = tmp_path / where / path.name
            own.parent.mkdir()
            shutil.copy(path, own)
            if key_file(path).exists():
                shutil.copy(key_file(path), key_file(own))
            targets[where] = own
        folders = {}
        for where, target in targets.items():
            office = Office.open(target, lock=False, start_up=False)
            try:
                folders[where] = tmp_path / "提出" / where
                create_submission(office.db, year, folders[where], accept_warnings=True, now=now)
            finally:
                office.close()
    finally:
        postgres_support.drop_database(name)
    names = sorted(p.name for p in folders["original"].iterdir())
    assert any(n.endswith(".xlsx") for n in names) and any(n.endswith(".pdf") for n in names)
    for where in ("server", "back"):
        assert sorted(p.name for p in folders[where].iterdir()) == names
        for n in names:
            a, b = folders["original"] / n, folders[where] / n
            assert a.read_bytes() == b.read_bytes(), f"{where} {n}: {_difference(a, b)}"
