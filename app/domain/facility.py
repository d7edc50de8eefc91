"""Rules of the centre's rooms (貸館) that need no database: slots, fees with 減免, 稼働率, user names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.fiscal_year import FiscalYear

# The slots most centres lend rooms in, with their hours (a room may list others).
DEFAULT_SLOTS: tuple[str, ...] = ("午前", "午後", "夜間")
SLOT_HOURS: dict[str, str] = {"午前": "9:00〜12:00", "午後": "13:00〜17:00", "夜間": "18:00〜21:00"}

BOOKED = "予約"
USED = "利用済"
CANCELLED = "取消"
NO_SHOW = "無断キャンセル"
STATUSES: tuple[str, ...] = (BOOKED, USED, CANCELLED, NO_SHOW)

EXEMPTIONS: tuple[str, ...] = ("なし", "半額", "全額免除")
USER_KINDS: tuple[str, ...] = ("構成団体", "登録団体", "個人", "その他")


# 時間貸し: a room lent by the hour has one slot per hour, 「9時」 = 9:00〜10:00, typed as a range
_HOUR_RANGE = re.compile(r"(\d{1,2})(?::00)?時?[-~〜]+(\d{1,2})(?::00)?時?")
_HOUR_SLOT = re.compile(r"(\d{1,2})時")


def hour_slots(first: int, last: int) -> tuple[str, ...]:
    """The slots of a room lent by the hour from `first` until `last` o'clock: 9, 12 → 9時, 10時, 11時."""
    return tuple(f"{h}時" for h in range(first, last))


def slot_hour(slot: str) -> int | None:
    """The hour an hourly slot starts at (「10時」 → 10); None for 午前・午後・夜間 and other names."""
    m = _HOUR_SLOT.fullmatch(slot)
    return int(m.group(1)) if m and int(m.group(1)) < 24 else None


def is_hourly(slots: Sequence[str]) -> bool:
    """A room lent by the hour (時間貸し): every slot it offers is an hour; its fee is per hour."""
    return bool(slots) and all(slot_hour(s) is not None for s in slots)


def bad_hour_ranges(text: str) -> list[str]:
    """The ranges typed that are not hours of one day in order (「21〜9時」, 「9〜25時」)."""
    parts = re.split(r"[,、，・/／\s]+", unicodedata.normalize("NFKC", text or ""))
    return [p for p in parts if (m := _HOUR_RANGE.fullmatch(p)) and not 0 <= int(m.group(1)) < int(m.group(2)) <= 24]


def parse_slots(text: str) -> tuple[str, ...]:
    """「午前,午後、夜間」 → ("午前", "午後", "夜間"); commas of either width, spaces ignored. A range
    of hours (時間貸し) gives a slot per hour: 「9〜12時」 (or 9-12, 9:00〜12:00) → 9時, 10時, 11時."""
    parts = re.split(r"[,、，・/／\s]+", unicodedata.normalize("NFKC", text or ""))
    seen: list[str] = []
    for p in parts:
        m = _HOUR_RANGE.fullmatch(p)
        expanded = hour_slots(int(m.group(1)), int(m.group(2))) if m and p not in bad_hour_ranges(p) else (p,)
        for slot in expanded:
            if slot and slot not in seen:
                seen.append(slot)
    return tuple(seen)


def format_slots(slots: Sequence[str], sep: str = "、") -> str:
    """The slots as typed back: a run of hours written as its range — (午前, 13時, 14時) → 「午前、13〜15時」."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            parts.append(f"{run[0]}時" if len(run) == 1 else f"{run[0]}〜{run[-1] + 1}時")
            run.clear()

    for slot in slots:
        hour = slot_hour(slot)
        if hour is not None and (not run or hour == run[-1] + 1):
            run.append(hour)
            continue
        close()
        if hour is not None:
            run.append(hour)
        else:
            parts.append(slot)
    close()
    return sep.join(parts)


def fee_after_exemption(full_fee: int, exemption: str) -> int:
    """The fee a user pays: 半額 rounds down to whole yen, 全額免除 pays nothing."""
    if exemption == "全額免除":
        return 0
    if exemption == "半額":
        return full_fee // 2
    return full_fee


@dataclass(frozen=True)
class Occupancy:
    used_slots: int  # slots booked and not cancelled
    open_slots: int  # open days × the room's slots

    @property
    def rate_percent(self) -> float | None:
        """稼働率 in percent, None when the room had no open slot (shown as －)."""
        if self.open_slots <= 0:
            return None
        return round(100.0 * self.used_slots / self.open_slots, 1)


def format_rate(rate: float | None) -> str:
    return "－" if rate is None else f"{rate:.1f}%"


_BRACKETS = re.compile(r"[（(【\[「『].*?[）)】\]」』]")
_TRAILING = ("定例会", "の会", "会", "クラブ")


def compact_name(name: str) -> str:
    """The same name whatever its width or spaces: 「ブルー　ベル」 = 「ブルーベル」."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or "")).lower()


def user_key(name: str) -> str:
    """A key under which the ways a hand-kept log spells one user meet: width, spaces, brackets and
    common endings ignored — 囲碁 / 囲碁の会, ブルーベル / ブルー　ベル, ふれあい / ふれあいの会定例会."""
    key = unicodedata.normalize("NFKC", name or "")
    key = _BRACKETS.sub("", key)
    key = re.sub(r"\s+", "", key)
    changed = True
    while changed and key:
        changed = False
        for ending in _TRAILING:
            if key.endswith(ending) and len(key) > len(ending):
                key = key[: -len(ending)]
                changed = True
    return key.lower()


def group_similar(names: Iterable[str]) -> list[list[str]]:
    """Names grouped by user_key, each group in first-seen order; only groups of two or more."""
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(user_key(n), [])
        if n not in groups[user_key(n)]:
            groups[user_key(n)].append(n)
    return [g for g in groups.values() if len(g) > 1]


def slots_in(room_slots: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """The wanted slots a room does not offer (empty when all are offered)."""
    return [s for s in wanted if s not in room_slots]


# --- usage figures (built by services/facility/usage.py, shaped by reports/facility.py) ---


@dataclass(frozen=True)
class UsageCell:
    """One room in one month (or a total)."""

    count: int = 0  # 利用件数: bookings (one per room, day and user, whatever the slots)
    people: int = 0  # 利用者数: actual people, else expected
    occupancy: Occupancy = Occupancy(0, 0)
    fees: int = 0  # 使用料 (after 減免)
    exemptions: int = 0  # 減免額

    def __add__(self, other: UsageCell) -> UsageCell:
        return UsageCell(
            self.count + other.count,
            self.people + other.people,
            Occupancy(self.occupancy.used_slots + other.occupancy.used_slots,
                      self.occupancy.open_slots + other.occupancy.open_slots),
            self.fees + other.fees,
            self.exemptions + other.exemptions,
        )


@dataclass(frozen=True)
class RoomUsage:
    room_id: int
    room_name: str
    counts_for_rate: bool
    months: tuple[UsageCell, ...]  # in fiscal order 4月 … 3月 (or the one month asked for)
    total: UsageCell


@dataclass(frozen=True)
class UsageTable:
    year: FiscalYear
    months: tuple[tuple[int, int], ...]  # (year, month) columns
    rooms: tuple[RoomUsage, ...]
    month_totals: tuple[UsageCell, ...]  # rooms counting toward 稼働率 for the rate; every room for the rest
    total: UsageCell


@dataclass(frozen=True)
class UsageComparison:
    this_year: UsageTable
    last_year: UsageTable
