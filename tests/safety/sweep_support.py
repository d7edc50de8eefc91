"""What the bad-input sweep shares: a prepared database copied afresh for every example, a dump
of every table to prove "nothing changed", and checks of what was accepted."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import String, func, select

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.storage.database import Database, open_database
from app.storage.models import Base

FY = FiscalYear(2025)
# KYODO_HYPOTHESIS_EXAMPLES=1000 for a long run of the sweep; CI keeps the small default.
SWEEP_EXAMPLES = int(os.environ.get("KYODO_HYPOTHESIS_EXAMPLES", "50"))
SWEEP = settings(
    max_examples=SWEEP_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text people paste: injections, formula starts, direction overrides, emoji, control characters.
FRAGMENTS = [
    "'; DROP TABLE person;--", "Robert'); DELETE FROM ledger_entry; --", '" OR 1=1 --',
    '=HYPERLINK("http://example.com/x","押して")', "=1+1", "+1", "-1+2", "@SUM(A1:A9)", "=cmd|' /C calc'!A0",
    "\u202egnp.exe", "\u200f\u200e", "\ufeff", "\u200b", "😀", "👨\u200d👩\u200d👧", "🇯🇵",
    "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\u3000", "ｶﾞｯｺｳ", "髙﨑", "%s%n%x", "<script>alert(1)</script>",
    "NULL", "None", "\\", "''", "　上野原　",
]  # fmt: skip
nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(FRAGMENTS),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=6).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(30, 1500)),  # very long
)


@dataclass(frozen=True)
class Template:
    path: Path
    folder: Path
    kind_id: int
    person_id: int
    project_id: int
    income_category: int
    expense_category: int


def make_template(folder: Path) -> Template:
    from app.services.accounts.categories import list_categories
    from app.services.members.kinds import list_member_kinds
    from app.services.members.organisations import Organisation, save_organisation
    from app.services.members.people import Member, save_person
    from app.services.profile import Profile, save_profile
    from app.services.projects.projects import ProjectData, create_project

    path = folder / "template.sqlite"
    db = open_database(path)
    try:
        save_profile(db, Profile(name="試験地域協働体", chair_name="見本 一郎"))
        kind_id = next(k.id for k in list_member_kinds(db) if k.name == "自治会")
        save_organisation(db, Organisation(kind_id=kind_id, name="上野原自治会", furigana="うえのはらじちかい"))
        person = save_person(db, Member(name="見本 花子", furigana="みほん はなこ", phone="0191-00-0000")).value
        project = create_project(db, FY, ProjectData(name="ふるさと祭り", item_code="1-1")).value
        cats = {c.name: c.id for c in list_categories(db)}
    finally:
        db.close()
    return Template(path, folder, kind_id, person.id, project, cats["雑収入"], cats["消耗品費"])


@contextmanager
def fresh_db(template: Template) -> Iterator[tuple[Database, Path]]:
    """A copy of the template in a folder of its own (imports put backups beside it)."""
    folder = Path(tempfile.mkdtemp(dir=template.folder))
    path = folder / f"{uuid.uuid4().hex[:8]}.sqlite"
    shutil.copyfile(template.path, path)
    db = open_database(path)
    try:
        yield db, folder
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed" comparisons."""
    with db.engine.connect() as con:
        return {
            t.name: sorted(map(repr, con.execute(select(t)).all())) for t in Base.metadata.sorted_tables
        }


def check_rejection(exc: ValidationError) -> None:
    assert str(exc).strip(), "a rejection must say why"
    assert all(p.message.strip() for p in exc.problems)


def attempt(db: Database, call: Callable[[], object]) -> bool:
    """Run a service call: True when accepted; on ValidationError, check the message and that the
    database is exactly as before."""
    before = dump(db)
    try:
        call()
    except ValidationError as exc:
        check_rejection(exc)
        assert dump(db) == before, "a rejected call changed the database"
        return False
    check_declared_lengths(db)
    return True


def check_declared_lengths(db: Database) -> None:
    """Accepted text fits the column it is stored in (PostgreSQL would refuse it; SQLite does not check)."""
    with db.engine.connect() as con:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String) and column.type.length:
                    longest = con.execute(select(func.max(func.length(column)))).scalar() or 0
                    assert longest <= column.type.length, f"{table.name}.{column.name}: {longest} > {column.type.length}"


_APP_FORMULA = re.compile(r"=(?:SUM\(|[A-Z]{1,3}\$?\d+|\$|[+\-(),:]|\d+)*")


def check_export(db: Database, kind: str, folder: Path, shown: list[str]) -> None:
    """Export `kind` (full) as xlsx: the only formulas are the app's own, and each text in `shown`
    is there as text (without the control characters Excel cannot hold)."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from app.services.reports import export_report

    out = export_report(db, kind, FY, "xlsx", folder / f"{kind}.xlsx", "full")
    texts = []
    for ws in load_workbook(out).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert _APP_FORMULA.fullmatch(str(cell.value).replace(" ", "")), cell.value
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    for text in shown:
        expected = ILLEGAL_CHARACTERS_RE.sub("", text)
        assert any(expected in t for t in texts), expected[:80]


def formula_like(*texts: str) -> bool:
    return any(t[:1] in ("=", "+", "-", "@") for t in texts)
