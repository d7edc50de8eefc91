"""City hall totals three bodies' submissions: each row equals that body's own register, cash book,
meetings and grades — read here straight from its database, not through the submission's code —
and the city totals, recalculated by LibreOffice, equal the sums."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import case, func, select

from app.cli import main
from app.storage.models_accounts import Category, LedgerEntry
from app.storage.models_books import Book, MoneyAccount
from app.storage.models_members import MemberOrganisation, Person
from app.storage.models_projects import Evaluation, EvaluationGrade, Meeting
from tests.postgres_support import open_target
from tests.submission.conftest import BODIES, YEAR


def _independent_figures(db_path: Path | str) -> dict[str, object]:
    """What the body's database says, by plain queries (members during the year, ledger sums)."""
    db = open_target(db_path)
    start, end = YEAR.start, YEAR.end

    def during(model):
        return ((model.joined_on.is_(None)) | (model.joined_on <= end)) & (
            (model.left_on.is_(None)) | (model.left_on >= start)
        )

    try:
        with db.session() as s:
            orgs = s.execute(select(MemberOrganisation.households).where(during(MemberOrganisation))).all()
            people = s.scalar(select(func.count()).select_from(Person).where(during(Person)))
            money: dict[str, dict[str, int]] = defaultdict(dict)
            # the 会計 the city funds (提出対象); a refund (戻入・戻出) counts against its 費目
            signed = case((LedgerEntry.kind == "refund", -LedgerEntry.amount), else_=LedgerEntry.amount)
            for kind, name, total in s.execute(
                select(Category.kind, Category.name, func.sum(signed))
                .join(Category, Category.id == LedgerEntry.category_id)
                .join(MoneyAccount, MoneyAccount.id == LedgerEntry.account_id)
                .join(Book, Book.id == MoneyAccount.book_id)
                .where(LedgerEntry.year == YEAR.year, Book.funded_by_city.is_(True))
                .group_by(Category.kind, Category.name)
            ):
                money[kind][name] = int(total)
            meetings = dict(
                s.execute(
                    select(Meeting.kind, func.count()).where(Meeting.year == YEAR.year).group_by(Meeting.kind)
                ).all()
            )
            grades = Counter(
                g
                for (g,) in s.execute(
                    select(EvaluationGrade.grade)
                    .join(Evaluation, Evaluation.id == EvaluationGrade.evaluation_id)
                    .where(Evaluation.year == YEAR.year)
                )
            )
    finally:
        db.close()
    return {
        "構成団体数": len(orgs),
        "世帯数": sum(h or 0 for (h,) in orgs),
        "個人会員数": people,
        "income": money["income"],
        "expense": money["expense"],
        "meetings": meetings,
        "grades": grades,
    }


def _table(ws) -> tuple[list[str], dict[str, dict[str, object]]]:
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "地域協働体名")
    headers = [str(h) for h in rows[head]]
    by_body = {r[0]: dict(zip(headers, r, strict=False)) for r in rows[head + 1 :] if r[0]}
    return headers, by_body


@pytest.fixture(scope="module")
def city(submitted, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("city") / "令和集計.xlsx"
    folder = next(iter(submitted.values())).folder.parent
    assert main(["aggregate", str(folder), "--out", str(out)]) == 0
    return out


def test_each_row_equals_the_bodys_own_register_cash_book_meetings_and_grades(submitted, city) -> None:
    wb = load_workbook(city)
    assert wb.sheetnames == ["集計", "問題"]
    headers, rows = _table(wb["集計"])
    assert set(BODIES) <= set(rows)
    for name in BODIES:
        row, own = rows[name], _independent_figures(submitted[name].target)
        assert row["版"] == 1
        for label in ("構成団体数", "世帯数", "個人会員数"):
            assert row[label] == own[label], (name, label)
        assert own["構成団体数"] > 0 and own["income"] and own["expense"]
        for kind, prefix in (("income", "収入"), ("expense", "支出")):
            for category, amount in own[kind].items():
                assert row[f"{prefix}\n{category}"] == amount, (name, category)
            shown = {h.split("\n", 1)[1]: row[h] for h in headers if h.startswith(f"{prefix}\n") and row[h]}
            assert shown == own[kind]  # nothing more, nothing less
        for kind, n in own["meetings"].items():
            assert row[f"会議回数\n{kind}"] == n
        assert row["会議回数\n合計"] == sum(own["meetings"].values())
        for letter, meaning in (("A", "十分達成"), ("B", "概ね達成"), ("C", "一部達成"), ("D", "未達成")):
            assert row[f"自己評価\n{letter}（{meaning}）"] == own["grades"].get(letter, 0)
    assert list(wb["問題"].iter_rows(values_only=True))[-1][0] == "（問題のあるファイルはありません）"


def test_totals_are_formulas_with_a4_landscape_print_setup(city) -> None:
    ws = load_workbook(city)["集計"]
    headers, rows = _table(ws)
    total_row = next(r for r in ws.iter_rows() if str(r[0].value).startswith("市合計"))
    col = {h: i for i, h in enumerate(headers)}
    assert str(total_row[col["収入合計"]].value).startswith("=SUM(")
    assert str(total_row[col["構成団体数"]].value).startswith("=SUM(")
    first_body = rows[BODIES[0]]
    assert str(first_body["収入合計"]).startswith("=")  # per-row totals are formulas too
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.print_title_rows  # the header row repeats on every page


@pytest.mark.libreoffice
def test_city_totals_recalculate_to_the_sums(submitted, city, tmp_path) -> None:
    from tests.helpers.libreoffice import recalculated

    ws = load_workbook(recalculated(city, tmp_path), data_only=True)["集計"]
    headers, rows = _table(ws)
    bodies = [rows[name] for name in BODIES]
    total = next(r for name, r in rows.items() if str(name).startswith("市合計"))
    # 稼働率 is a ratio of the totals, not a sum (tests/submission/test_facility_sheet.py)
    numeric = [h for h in headers if h not in ("地域協働体名", "地域", "版", "署名", "ファイル", "施設\n稼働率")]
    for h in numeric:
        assert total[h] == sum(b[h] or 0 for b in bodies), h
    for name in BODIES:
        own = _independent_figures(submitted[name].target)
        income, expense = sum(own["income"].values()), sum(own["expense"].values())
        assert rows[name]["収入合計"] == income
        assert rows[name]["支出合計"] == expense
        assert rows[name]["差引残額\n(収入−支出)"] == income - expense


@pytest.mark.libreoffice
def test_every_printed_page_carries_the_whole_title_and_note(city, tmp_path) -> None:
    """A wide summary prints over several pages: each shows the title and the note in full, and
    each formula's cached value is there for readers that do not recalculate."""
    from pypdf import PdfReader

    from tests.helpers.libreoffice import convert

    headers, rows = _table(load_workbook(city, data_only=True)["集計"])
    total = next(r for name, r in rows.items() if str(name).startswith("市合計"))
    numeric = [h for h in headers if h not in ("地域協働体名", "地域", "版", "署名", "ファイル")]
    assert numeric and all(total[h] is not None for h in numeric)  # every city total readable as it is
    pages = PdfReader(convert(city, "pdf", tmp_path)).pages
    summary_pages = [p.extract_text() for p in pages if "地域協働体名" in p.extract_text()]
    assert len(summary_pages) >= 2
    for text in summary_pages:
        squeezed = "".join(text.split())  # pypdf spaces LibreOffice's header text unevenly
        assert "地域協働体提出書類集計表" in squeezed
        assert "集計した団体3、問題のあるファイル0" in squeezed
