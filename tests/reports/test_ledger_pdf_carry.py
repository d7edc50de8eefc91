"""The 現金出納簿 PDF carries its figures from page to page as paper books do: 次頁へ繰越 at the foot
of every page but the last and 前頁より繰越 at the head of every page but the first, with the same
収入・支出 so far and 残高 — the 残高 of the last line above it."""

from __future__ import annotations

import re
from datetime import timedelta

from app.domain.fiscal_year import FiscalYear
from app.domain.money import format_yen
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entries, ledger_rows
from app.services.reports import export_report
from tests.helpers.pdf_text import Line, pdf_pages

FY = FiscalYear(2025)
ENTRY = re.compile(r"^摘要\d+$")


def _printed_row(page: list[Line], line: Line) -> list[str]:
    """The texts printed on the same row as `line`, left to right."""
    return [ln.text for ln in sorted(page, key=lambda ln: ln.x) if abs(ln.y - line.y) < 1.5]


def _number(text: str) -> str:
    return text.replace("円", "")


def test_ledger_pdf_carries_sums_and_balance_across_pages(db, tmp_path) -> None:
    cats = {c.name: c.id for c in list_categories(db)}
    inputs = [EntryInput(FY.start + timedelta(days=i * 2), "income" if i % 4 == 0 else "expense",
                         cats["会費"] if i % 4 == 0 else cats["消耗品費"], 10_000 + i if i % 4 == 0 else 1_000 + i,
                         f"摘要{i}")
              for i in range(150)]
    add_entries(db, FY, inputs)
    rows = ledger_rows(db, FY)
    pages = pdf_pages(export_report(db, "ledger", FY, "pdf", tmp_path / "ledger.pdf"))
    assert len(pages) >= 3
    outs = [[ln for ln in page if ln.text.strip() == "次頁へ繰越"] for page in pages]
    ins = [[ln for ln in page if ln.text.strip() == "前頁より繰越"] for page in pages]
    assert [len(o) for o in outs] == [1] * (len(pages) - 1) + [0]
    assert [len(i) for i in ins] == [0] + [1] * (len(pages) - 1)
    seen = 0  # entries printed on the pages so far
    for n in range(len(pages) - 1):
        page, carry_out = pages[n], outs[n][0]
        entries = [ln for ln in page if ENTRY.match(ln.text.strip())]
        assert carry_out.y < min(ln.y for ln in entries)  # at the foot, below every entry of the page
        seen += len(entries)
        income = sum(r.entry.income for r in rows[:seen])
        expense = sum(r.entry.expense for r in rows[:seen])
        printed = [_number(t) for t in _printed_row(page, carry_out)]
        expected = [_number(format_yen(v)) for v in (income, expense, rows[seen - 1].balance)]
        assert printed[-3:] == expected, (n, printed, expected)
        carried_in = [_number(t) for t in _printed_row(pages[n + 1], ins[n + 1][0])]
        assert carried_in[-3:] == expected  # the next page starts where this one stopped
    assert seen + sum(1 for ln in pages[-1] if ENTRY.match(ln.text.strip())) == len(rows)
    first_of_next = [ln for ln in pages[1] if ENTRY.match(ln.text.strip())]
    assert ins[1][0].y > max(ln.y for ln in first_of_next)  # at the head, above the page's entries
