"""The submission checklist speaks of the 出納簿 the entries are in (cash and bank), not of the
現金出納簿 alone: an entry dated outside the year names its 口座 beside its 証憑番号."""

from __future__ import annotations

from datetime import date

from app.services.accounts.books import AccountInput, add_account
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.submission.checks_accounts import check_entry_dates
from app.storage.models import LedgerEntry
from tests.accounts.conftest import FY


def test_an_entry_outside_the_year_is_named_with_its_account(db, cats) -> None:
    bank = add_account(db, AccountInput("普通預金_ゆうちょ", "bank")).value
    entry = add_entry(db, FY, EntryInput(date(2025, 6, 1), "expense", cats["光熱水費"], 8_640, "電気料",
                                         account_id=bank.id)).value
    assert check_entry_dates(db, FY) == []
    with db.session.begin() as session:  # as an old file or a hand-edited database may hold it
        session.get(LedgerEntry, entry.id).entry_date = date(2026, 7, 1)
    (item,) = check_entry_dates(db, FY)
    assert item.message.startswith("令和7年度の出納簿に、年度末")
    assert f"普通預金_ゆうちょ 証憑番号{entry.voucher_no}（令和8年7月1日）" in item.message
