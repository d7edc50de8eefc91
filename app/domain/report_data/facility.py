"""The data the 施設 reports are shaped from: plain frozen dataclasses that services fill in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.facility import UsageComparison


@dataclass(frozen=True)
class Heading:
    body_name: str
    centre_name: str
    today: date


@dataclass(frozen=True)
class UsageReportData:
    heading: Heading
    usage: UsageComparison
    month: int | None  # None: the whole year (年報)


@dataclass(frozen=True)
class MoneyLine:
    """A 目 with its 予算額 and 決算額, or a 款・項 whose figures are the sums of the lines directly
    under it (`child_ids`, by their `category_id`)."""

    kind: str  # "income" | "expense"
    name: str
    budget: int
    actual: int
    category_id: int = 0
    depth: int = 1  # 1 款, 2 項 (or a 目 directly under its 款), 3 目
    heading: bool = False
    child_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class OwnProject:
    """自主事業: a project of the body, from 事業・会議."""

    name: str
    period: str
    participants: int | None
    cost: int | None


@dataclass(frozen=True)
class FacilityReportData:
    heading: Heading
    usage: UsageComparison
    money: tuple[MoneyLine, ...]
    projects: tuple[OwnProject, ...]
    maintenance: str
    voices: str


@dataclass(frozen=True)
class TodayEntry:
    room: str
    slot: str
    user: str
    purpose: str
    people: int | None
    fee: int
    status: str


@dataclass(frozen=True)
class TodayListData:
    """本日の利用予定: the front desk's list for one day."""

    heading: Heading
    day: date
    entries: tuple[TodayEntry, ...]
