"""Data of the 会計 reports: 収支予算書 (budget) and 収支決算書 (settlement) per 会計 with 款・項
subtotals and the 次年度繰越金 by 口座, 財産目録 (assets), 監査報告書 (audit) and the 現金出納簿 /
預金出納帳 (ledger) of a 口座 or of a whole 会計."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportBody


@dataclass(frozen=True)
class AccountsHeading:
    """What every 管理費 report prints above its table."""

    year: FiscalYear
    made_on: date  # 作成日
    body: ReportBody | None
    stamp_boxes: tuple[str, ...]  # 印 boxes: chosen in the export (--stamps) or in the settings
    book_name: str = ""  # 会計名 (the title names it when the body keeps more than one)
    several_books: bool = False


@dataclass(frozen=True)
class StatementRow:
    """A 目 with its figures, or a 款・項 whose figures are the sums of the rows in `child_ids`."""

    category_id: int
    direction: str  # income | expense
    name: str
    depth: int  # 1 款, 2 項 (or a 目 directly under its 款), 3 目
    heading: bool
    budget: int  # 予算額 (補正・流用の後)
    actual: int  # 決算額 (refunds netted)
    previous: int  # 前年度決算額
    note: str  # 備考 typed by staff (budget line or settlement), or 予算超過
    child_ids: tuple[int, ...] = ()
    initial: int | None = None  # 当初予算額 (the 収支予算書 shows it beside a 補正予算)


@dataclass(frozen=True)
class AccountBalance:
    """A 口座 at the year end, as the 財産目録 and the 決算書's footer show it."""

    name: str
    kind: str  # cash | bank | fund
    bank_text: str  # 「ゆうちょ銀行 八四八支店 普通 ****567」 (number masked)
    balance: int
    purpose: str = ""
    target_year: int | None = None


@dataclass(frozen=True)
class StatementData:
    heading: AccountsHeading
    rows: tuple[StatementRow, ...]  # income rows then expense rows, tree order
    balances: tuple[AccountBalance, ...]  # 次年度繰越金 split by 口座 (the settlement's footer)
    budget_label: str = ""  # 「第1号補正予算（令和7年11月5日議決）」

    @property
    def is_blank(self) -> bool:
        """No budget, no money moved, nothing held: a 会計 not used in the year."""
        return not any(r.budget or r.actual or r.previous for r in self.rows) and not any(
            b.balance for b in self.balances)


@dataclass(frozen=True)
class EquipmentLine:
    name: str
    bought_on: date | None
    amount: int
    place: str


@dataclass(frozen=True)
class AssetsData:
    heading: AccountsHeading
    accounts: tuple[AccountBalance, ...]  # cash and bank 口座
    funds: tuple[AccountBalance, ...]  # 積立金・基金
    equipment: tuple[EquipmentLine, ...]
    book_balance: int  # the 会計's 次年度繰越金: the 口座 and funds add up to it
    equipment_minimum: int = 0  # only 備品 of at least this 取得価額 are listed (0: every one)


@dataclass(frozen=True)
class AuditData:
    heading: AccountsHeading
    auditors: tuple[str, ...]  # 監事 in office at the year end
    audited_on: date | None  # the date written on the report (blank line when None)
    income: int
    expense: int
    carried: int


@dataclass(frozen=True)
class LedgerLine:
    entry_date: date
    voucher_no: int
    direction: str
    category: str
    description: str
    counterparty: str
    payment_method: str
    income: int  # 0 for an expense
    expense: int  # 0 for an income
    balance: int  # after this line
    project: str  # the 事業 an expense counts towards ("" when none)
    kind_label: str = ""  # 区分 as printed: 収入/支出, 戻入/戻出, 振替 (default: from `direction`)


@dataclass(frozen=True)
class LedgerReportData:
    heading: AccountsHeading
    lines: tuple[LedgerLine, ...]  # in date order
    form: str = "現金出納簿"  # 預金出納帳 for a bank 口座
    account_label: str = ""  # 「口座: 普通預金_ゆうちょ（ゆうちょ銀行 …）」; "" for the single 現金 of a one-口座 body
