"""What an operation touched, so that screens refresh only that (Anki's OpChanges is the model).

Every mutating service returns a `Changes` (alone, or beside its result). An area is a short
name for a kind of record — the constants below; ids are the primary keys touched. An area
given without ids means "anything in it may have changed" (an import, a year closing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

# Areas: one per kind of record a screen shows. Add one when a new kind of record appears.
PROFILE = "profile"
YEARS = "years"
SETTINGS = "settings"
ORGANISATIONS = "organisations"
PEOPLE = "people"
OFFICERS = "officers"
OFFICE_POSTS = "office_posts"  # 役職 (editable list)
COMMITTEES = "committees"
MEMBER_KINDS = "member_kinds"
LEDGER = "ledger"
BUDGETS = "budgets"
CATEGORIES = "categories"
CLOSING = "closing"
BOOKS = "books"  # 会計
MONEY_ACCOUNTS = "money_accounts"  # 口座 (cash, bank, funds) and their passbook checks
EQUIPMENT = "equipment"  # 備品 of the 財産目録
PROJECTS = "projects"
PLANS = "plans"  # a year's plan: 案 or approved, its 総会
MEETINGS = "meetings"
TARGETS = "targets"
EVALUATION = "evaluation"
CRITERIA = "criteria"
SUBMISSIONS = "submissions"
EVERYTHING = "*"  # a restore or a database switch: every screen reloads


@dataclass(frozen=True)
class Changes:
    """Areas touched, each with the ids touched (an empty set: the whole area)."""

    touched: Mapping[str, frozenset[int]] = field(default_factory=dict)
    remote: bool = False  # committed by another PC (or window): a form being typed in keeps its text

    @classmethod
    def of(cls, area: str, *ids: int) -> Changes:
        return cls({area: frozenset(ids)})

    @classmethod
    def everything(cls) -> Changes:
        return cls({EVERYTHING: frozenset()})

    def __or__(self, other: Changes) -> Changes:
        merged: dict[str, frozenset[int]] = dict(self.touched)
        for area, ids in other.touched.items():
            if area in merged:
                # "the whole area" absorbs single ids
                merged[area] = frozenset() if not merged[area] or not ids else merged[area] | ids
            else:
                merged[area] = ids
        return Changes(merged, self.remote or other.remote)

    def __bool__(self) -> bool:
        return bool(self.touched)

    def touches(self, *areas: str) -> bool:
        """True when any of `areas` (or everything) changed."""
        return EVERYTHING in self.touched or any(a in self.touched for a in areas)

    def ids(self, area: str) -> frozenset[int] | None:
        """The ids touched in `area`; None when the whole area (or nothing of it) is concerned."""
        if EVERYTHING in self.touched:
            return None
        ids = self.touched.get(area)
        return ids or None

    @property
    def areas(self) -> frozenset[str]:
        return frozenset(self.touched)


T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    """A mutating service's result (the stored record, a created id, a summary) beside what it touched."""

    value: T
    changes: Changes


def combine(changes: Iterable[Changes]) -> Changes:
    total = Changes()
    for c in changes:
        total = total | c
    return total
