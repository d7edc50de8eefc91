"""copy_with: dataclasses.replace for the members' records, made cheap for imports."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from app.services.members.common import copy_with
from app.services.members.organisations import Organisation
from app.services.members.people import Member


def test_copy_with_gives_what_replace_gives() -> None:
    member = Member(id=3, version=2, name="佐藤 一郎", furigana="さとう いちろう", joined_on=date(2020, 4, 1),
                    organisation_name="上野原自治会")
    changes = {"name": "佐藤 次郎", "phone": "0191-21-2111", "left_on": date(2025, 9, 30)}
    copied = copy_with(member, changes)
    assert copied == replace(member, **changes)  # type: ignore[arg-type]
    assert copied.version == 2 and copied.organisation_name == "上野原自治会"  # (version is not compared)
    assert type(copied) is Member and member.name == "佐藤 一郎"  # the original is untouched
    org = copy_with(Organisation(), {"kind_id": 1, "name": "上野原自治会", "households": 40})
    assert org == Organisation(kind_id=1, name="上野原自治会", households=40)
    with pytest.raises(AttributeError):
        copied.name = "x"  # type: ignore[misc]  # still frozen


def test_copy_with_refuses_what_replace_would_refuse_or_do_differently() -> None:
    with pytest.raises(TypeError, match="nmae"):
        copy_with(Member(), {"nmae": "佐藤"})

    @dataclass(frozen=True)
    class Checked:
        name: str = ""

        def __post_init__(self) -> None:
            if not self.name:
                raise ValueError("empty")

    @dataclass(frozen=True)
    class Derived:
        name: str = ""
        key: str = field(init=False, default="")

    with pytest.raises(TypeError, match="Checked"):
        copy_with(Checked("a"), {"name": ""})
    with pytest.raises(TypeError, match="Derived"):
        copy_with(Derived(), {})
