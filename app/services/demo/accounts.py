"""The 管理費 part of `kyodo demo`: three fiscal years of a centre's running costs with budgets,
one 補正予算, and the two finished years closed (each carrying its balance forward).

Books as a body keeps them: 指定管理（市民センター管理運営） (the city's money, 提出対象) with 現金, a
ゆうちょ and a local bank account — transfers between them, payments by 振込/口座振替 from the bank,
a refund (戻入) — plus 一般会計 (the body's own 会費 and events) and 特別会計（積立金） whose fund
receives a 繰出 from the 一般会計 each year. The banks are reconciled at each year end."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from app.domain.directions import EXPENSE, INCOME
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import (
    AccountInput,
    add_account,
    add_book,
    default_book,
    find_book,
    list_accounts,
    rename_book,
)
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.closing import close_year
from app.services.accounts.common import REFUND
from app.services.accounts.ledger import EntryInput, account_balances_in, add_entries
from app.services.accounts.reconciliation import record_passbook_balance
from app.services.accounts.transfers import TransferInput, add_transfer
from app.storage.database import Database

if TYPE_CHECKING:
    from app.services.demo.create import DemoContext

CITY = "一関市"


def _day(rng: random.Random, y: int, m: int, lo: int = 1, hi: int = 28) -> date:
    return date(y, m, rng.randint(lo, hi))


PlanRow = tuple[date, str, str, int, str, str, str]  # (date, direction, category, amount, 摘要, 相手先, 支払方法)


def _year_plan(year: FiscalYear, rng: random.Random, until: date) -> list[PlanRow]:
    """(date, direction, category, amount, 摘要, 相手先, 支払方法) for one year, up to `until`."""
    rows: list[PlanRow] = []

    def add(d: date, direction: str, category: str, amount: int, text: str, who: str, how: str = "口座振替") -> None:
        if d <= until:
            rows.append((d, direction, category, amount, text, who, how))

    for n, month in enumerate((4, 7, 10, 1), 1):  # 指定管理料 in four instalments
        y = year.year + (month < 4)
        add(date(y, month, 10), INCOME, "指定管理料（市からの管理費）", 2_450_000, f"指定管理料 第{n}四半期分", CITY, "振込")
    add(date(year.year, 5, 20), INCOME, "地域協働体活動費補助金", 1_200_000, "地域協働体活動費補助金", CITY, "振込")
    add(date(year.year, 6, 15), INCOME, "会費", 30 * 9_000, "構成団体会費（30団体）", "各構成団体", "現金")
    for y, m in year.months():
        winter = m in (12, 1, 2, 3)
        add(_day(rng, y, m, 25, 28), INCOME, "施設使用料", rng.randrange(18, 65) * 1_000, f"{m}月分 施設使用料",
            "利用団体", "現金")
        add(date(y, m, 25), EXPENSE, "人件費", 452_000, f"{m}月分 事務局員給与（2名）", "事務局員", "振込")
        add(_day(rng, y, m, 5, 12), EXPENSE, "光熱水費",
            rng.randrange(95, 130) * 1_000 if winter else rng.randrange(48, 75) * 1_000, f"{m}月分 電気料金",
            "東北電力株式会社")
        if m % 2 == 0:
            add(_day(rng, y, m, 10, 20), EXPENSE, "光熱水費", rng.randrange(12_000, 19_000), f"{m - 1}・{m}月分 水道料金",
                "一関市上下水道部")
        if m in (11, 12, 1, 2, 3):  # 灯油 for the winter
            add(_day(rng, y, m, 1, 20), EXPENSE, "燃料費", rng.randrange(38, 95) * 1_000, "暖房用灯油", "架空石油店", "現金")
        add(date(y, m, 28), EXPENSE, "委託料（清掃・警備・保守点検）", 55_000, f"{m}月分 清掃業務委託", "架空ビルサービス", "振込")
        add(date(y, m, 28), EXPENSE, "委託料（清掃・警備・保守点検）", 22_000, f"{m}月分 機械警備", "架空警備保障", "振込")
        add(_day(rng, y, m, 15, 22), EXPENSE, "通信運搬費", rng.randrange(7_500, 9_800), f"{m}月分 電話・インターネット",
            "架空通信", "口座振替")
        if rng.random() < 0.7:
            add(_day(rng, y, m), EXPENSE, "消耗品費", rng.randrange(3, 25) * 1_000, "事務用品・清掃用品", "架空文具店", "現金")
        if rng.random() < 0.5:
            add(_day(rng, y, m), EXPENSE, "事業費", rng.randrange(20, 150) * 1_000, "地域行事の運営費", "各部会", "現金")
        if rng.random() < 0.25:
            add(_day(rng, y, m), INCOME, "雑収入", rng.randrange(5, 40) * 100, "コピー代", "利用者", "現金")
    add(date(year.year, 4, 15), EXPENSE, "保険料", 48_600, "施設賠償責任保険料", "架空損害保険株式会社", "振込")
    for _ in range(rng.randint(2, 3)):
        y, m = rng.choice(year.months())
        add(_day(rng, y, m), EXPENSE, "修繕費", rng.randrange(30, 280) * 1_000,
            rng.choice(["網戸の張替え", "トイレ配管の修理", "調理室換気扇の交換", "駐車場の補修"]), "架空設備工業", "振込")
    return sorted(rows)


def _budget(plan: list[PlanRow], categories: dict[str, int]) -> dict[int, int]:
    totals: dict[int, int] = {}
    for _d, _dir, name, amount, *_ in plan:
        totals[categories[name]] = totals.get(categories[name], 0) + amount
    # a budget is round numbers with a little room above what the year will need
    return {k: -(-int(v * 1.05) // 10_000) * 10_000 for k, v in totals.items()}


RESERVE = "予備費"


def _balanced(budget: dict[int, int], kinds: dict[int, str], reserve: int, carry: int) -> dict[int, int]:
    """A budget as an assembly adopts it: 予備費 takes what income leaves over, so that 収入合計 =
    支出合計 (差引残額 0); when expenses already exceed income, 前年度繰越金 covers the rest."""
    out = dict(budget)
    out[reserve] = 0
    income = sum(v for k, v in out.items() if kinds[k] == INCOME)
    expense = sum(v for k, v in out.items() if kinds[k] == EXPENSE)
    if income >= expense:
        out[reserve] = income - expense
    else:
        out[carry] = out.get(carry, 0) + expense - income
    return out


CENTRE_BOOK = "指定管理（市民センター管理運営）"


def _books(db: Database, target_year: int) -> dict[str, int]:
    """The three 会計 and their 口座: 口座 name → id."""
    centre = default_book(db)
    rename_book(db, centre.id, CENTRE_BOOK)
    accounts = {"現金": next(a.id for a in list_accounts(db, centre.id))}
    accounts["ゆうちょ"] = add_account(db, AccountInput(
        "普通預金_ゆうちょ", "bank", bank_name="ゆうちょ銀行", branch="八四八支店", account_type="普通",
        number="1234567"), book_id=centre.id).value.id
    accounts["地元銀行"] = add_account(db, AccountInput(
        "普通預金_架空信用金庫", "bank", bank_name="架空信用金庫", branch="本店", account_type="普通",
        number="0012345"), book_id=centre.id).value.id
    general = add_book(db, "一般会計").value
    accounts["一般会計_現金"] = next(a.id for a in list_accounts(db, general.id))
    special = add_book(db, "特別会計（積立金）", with_cash=False).value
    accounts["積立金"] = add_account(db, AccountInput(
        "施設整備積立金", "fund", bank_name="ゆうちょ銀行", account_type="定額貯金", number="7654321",
        purpose="調理室と和室の改修", target_year=target_year), book_id=special.id).value.id
    add_category(db, INCOME, "構成団体会費", book_id=general.id)
    add_category(db, EXPENSE, "地域行事費", book_id=general.id)
    return accounts


def _account_for(how: str, accounts: dict[str, int]) -> int:
    """振込 through the ゆうちょ (where the 指定管理料 arrives), 口座振替 (電気・電話・水道) from the
    local bank, the rest in cash."""
    return {"振込": accounts["ゆうちょ"], "口座振替": accounts["地元銀行"]}.get(how, accounts["現金"])


def _general_book(db: Database, year: FiscalYear, accounts: dict[str, int], until: date) -> None:
    """一般会計: the 自治会's 会費 in June, two events, and a 繰出 to the 積立金 each March."""
    general = find_book(db, "一般会計").id
    cats = {c.name: c.id for c in list_categories(db, book_id=general)}
    rows = [(date(year.year, 6, 20), INCOME, "構成団体会費", 150_000, "自治会からの会費"),
            (date(year.year, 8, 15), EXPENSE, "地域行事費", 48_000, "夏祭りの備品"),
            (date(year.year + 1, 1, 12), EXPENSE, "地域行事費", 22_000, "どんと祭")]
    add_entries(db, year, [EntryInput(d, k, cats[c], a, text, account_id=accounts["一般会計_現金"])
                           for d, k, c, a, text in rows if d <= until])
    if date(year.year + 1, 3, 20) <= until:
        add_transfer(db, year, TransferInput(date(year.year + 1, 3, 20), accounts["一般会計_現金"],
                                             accounts["積立金"], 50_000, "施設整備積立金への積立"))


def _reconcile_banks(db: Database, year: FiscalYear, accounts: dict[str, int]) -> None:
    """The 会計 copies each passbook's year-end balance; the demo books agree with them."""
    with db.session() as session:
        ids = [accounts["ゆうちょ"], accounts["地元銀行"], accounts["積立金"]]
        balances = account_balances_in(session, year, ids, year.end)
    for account_id, balance in balances.items():
        record_passbook_balance(db, year, account_id, year.end, balance, "年度末の通帳残高")


def accounts_demo_step(db: Database, ctx: DemoContext) -> None:
    accounts = _books(db, ctx.years[-1].year + 2)
    add_category(db, EXPENSE, RESERVE)
    listed = list_categories(db)
    categories = {c.name: c.id for c in listed}
    kinds = {c.id: c.kind for c in listed}
    carry = categories["前年度繰越金"]
    reserve = categories[RESERVE]
    for i, year in enumerate(ctx.years):
        finished = i < len(ctx.years) - 1
        full_plan = _year_plan(year, ctx.rng, year.end)
        budget = _budget(full_plan, categories)
        if i:  # the carry-forward the office expects from last year
            budget[carry] = 2_000_000
        budget = _balanced(budget, kinds, reserve, carry)
        save_budget(db, year, budget, adopted_on=date(year.year, 4, 20), note="総会で議決")
        plan = full_plan if finished else [r for r in full_plan if r[0] <= ctx.today]
        if i == len(ctx.years) - 2:  # 第1号補正: a boiler repair nobody planned
            boiler = date(year.year, 11, 12)
            plan.append((boiler, EXPENSE, "修繕費", 860_000, "暖房ボイラーの修理", "架空設備工業", "振込"))
            plan.sort()
            amended = dict(budget)
            amended[categories["修繕費"]] += 900_000
            amended[categories["事業費"]] -= 100_000
            amended = _balanced(amended, kinds, reserve, carry)  # paid for out of 予備費
            save_budget(db, year, amended, adopted_on=date(year.year, 11, 5), note="臨時総会で議決（ボイラー修理）")
        add_entries(db, year, [
            EntryInput(d, direction, categories[name], amount, text, who, payment_method=how,
                       account_id=_account_for(how, accounts))
            for d, direction, name, amount, text, who, how in plan
        ])
        until = year.end if finished else ctx.today
        for month in (4, 7, 10, 1):  # 引き出し for the office's cash, and the local bank's 口座振替 covered
            when = date(year.year + (month < 4), month, 2)
            if when <= until:
                add_transfer(db, year, TransferInput(when, accounts["ゆうちょ"], accounts["現金"], 150_000))
                add_transfer(db, year, TransferInput(when, accounts["ゆうちょ"], accounts["地元銀行"], 350_000,
                                                     "口座振替の資金"))
        refund = date(year.year, 6, 18)
        if refund <= until:  # a shop took back paper bought by mistake
            add_entries(db, year, [EntryInput(refund, INCOME, categories["消耗品費"], 3_300, "コピー用紙の返品（戻入）",
                                              "架空文具店", kind=REFUND, account_id=accounts["現金"])])
        _general_book(db, year, accounts, until)
        if finished:
            _reconcile_banks(db, year, accounts)
            close_year(db, year, "総会で決算承認", backup=False)
