"""Typed settings: one registry of every preference, with its type, default and meaning.

Modelled on MusicBrainz Picard's option registry. A setting is declared once, here:

    AREA_CODE = _declare(TextSetting("area_code", "0191", "市外局番（…）", pattern=r"0\\d{1,4}"))

and read and written as its type everywhere (`read_setting(db, AREA_CODE)` → "0191",
`office.settings.get(BACKUP_KEEP_COUNT)` → 20). Values are stored as text in the database's
`setting` table, so they travel with the body's data; a stored value that cannot be read falls
back to the default, with a note (`setting_notes`). Window state (sizes, splitters) is not a
preference of the office and belongs to QSettings in app/ui, not here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from app.domain.validation import Problem, ValidationError
from app.domain.wareki import DATE_STYLES
from app.services.changes import SETTINGS, Changes
from app.services.records import EditConflict, latest_change, one_line, values_conflict
from app.services.undo import Step
from app.storage.backup import DEFAULT_KEEP_COUNT, read_stored_setting
from app.storage.database import Database
from app.storage.models_core import Setting as SettingRow

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One preference: `name` is the stored key, `label` what people call it, `doc` what it does."""

    name: str
    default: T
    label: str
    doc: str

    def parse(self, text: str) -> T:
        """The stored text as a value; ValueError (Japanese) when it is not one."""
        raise NotImplementedError

    def format(self, value: T) -> str:
        return str(value)

    def shown(self, value: T) -> str:
        """The value as people read it (a choice by its label, never its stored code; nothing as （空欄））."""
        return self.format(value) or "（空欄）"

    def check(self, value: T) -> T:
        """The value as it will be stored and read back; ValueError when it is not allowed."""
        return self.parse(self.format(value))


@dataclass(frozen=True)
class IntSetting(Setting[int]):
    minimum: int = 0
    maximum: int = 1_000_000

    def parse(self, text: str) -> int:
        digits = text.strip()
        if not re.fullmatch(r"-?\d+", digits):
            raise ValueError("整数ではありません")
        value = int(digits)
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{self.minimum}から{self.maximum}までの数にしてください")
        return value


@dataclass(frozen=True)
class OptionalIntSetting(Setting["int | None"]):
    """A number that may be unset (stored as empty text)."""

    def parse(self, text: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError("数ではありません")
        return int(text)

    def format(self, value: int | None) -> str:
        return "" if value is None else str(value)


@dataclass(frozen=True)
class TextSetting(Setting[str]):
    pattern: str = r".*"  # the whole text must match
    hint: str = ""  # how a valid value looks, for the message

    def parse(self, text: str) -> str:
        value = text.strip()
        if not re.fullmatch(self.pattern, value):
            raise ValueError(self.hint or "使えない値です")
        return value


@dataclass(frozen=True)
class ChoiceSetting(Setting[str]):
    choices: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # what people see for each choice, in the same order (「和暦（令和7年4月1日）」)

    def label_of(self, value: str) -> str:
        return dict(zip(self.choices, self.labels, strict=False)).get(value, value)

    def shown(self, value: str) -> str:
        return self.label_of(value)

    def parse(self, text: str) -> str:
        """A stored choice; typed by people, its label or the label's head (「西暦」) too."""
        value = text.strip()
        if value in self.choices:
            return value
        for choice, label in zip(self.choices, self.labels, strict=False):
            if value and value in (label, label.split("（")[0]):
                return choice
        raise ValueError("「" + "」「".join(map(self.label_of, self.choices)) + "」のどれかにしてください")


@dataclass(frozen=True)
class TextListSetting(Setting[tuple[str, ...]]):
    """Several short texts, stored comma-separated (「、」 and 「，」 typed by people are read too)."""

    def parse(self, text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in re.split(r"[,、，]", text) if part.strip())

    def format(self, value: tuple[str, ...]) -> str:
        return ",".join(part.strip() for part in value if part.strip())


@dataclass(frozen=True)
class LongTextSetting(Setting[str]):
    """A text of several lines (the 規約), kept as typed; at most `limit` characters."""

    limit: int = 50_000

    def parse(self, text: str) -> str:
        value = text.strip()
        if len(value) > self.limit:
            raise ValueError(f"{self.limit:,}文字以内にしてください")
        return value


@dataclass(frozen=True)
class PackPartsSetting(Setting[tuple[str, ...]]):
    """The 総会資料's 議案, one a line (app.domain.pack_parts)."""

    def parse(self, text: str) -> tuple[str, ...]:
        from app.domain.pack_parts import format_part_order, parse_part_order

        return format_part_order(parse_part_order(text.splitlines()))

    def format(self, value: tuple[str, ...]) -> str:
        return "\n".join(value)


# -- the registry -----------------------------------------------------------------------------------
REGISTRY: dict[str, Setting[Any]] = {}
S = TypeVar("S", bound=Setting[Any])


def _declare(setting: S) -> S:
    if setting.name in REGISTRY:
        raise ValueError(f"setting declared twice: {setting.name}")
    setting.check(setting.default)  # a default that cannot be stored is a programming error
    REGISTRY[setting.name] = setting
    return setting


SELECTED_FISCAL_YEAR = _declare(
    OptionalIntSetting("selected_fiscal_year", None, "選んでいる年度", "最後に選んだ年度（始まる西暦年）。")
)
FONT_SCALE_PERCENT = _declare(
    IntSetting(
        "font_scale_percent", 100, "文字の大きさ", "画面の文字の大きさ（%）。表示メニューで変えます。",
        minimum=50, maximum=300,
    )
)
PRINT_STAMP_BOXES = _declare(
    TextListSetting(
        "print_stamp_boxes", (), "印欄", "印刷する書類に付ける印の欄（例: 会長,会計,監事）。空なら付けません。"
    )
)
BACKUP_KEEP_COUNT = _declare(
    IntSetting(
        "backup_keep_count", DEFAULT_KEEP_COUNT, "バックアップの保存数",
        "バックアップを種類（起動時、取込前、…）ごとに残す数。古いものから消えます。",
        minimum=1, maximum=1000,
    )
)
AREA_CODE = _declare(
    TextSetting(
        "area_code", "0191", "市外局番",
        "市外局番なしの電話番号を取り込むときに補う市外局番（一関市は 0191）。",
        pattern=r"0\d{1,4}", hint="0で始まる2〜5けたの数字にしてください（例: 0191）",
    )
)
DATE_STYLE = _declare(
    ChoiceSetting(
        "date_style", "wareki", "印刷する日付の書き方",
        f"書類に印刷する日付を{'か'.join(DATE_STYLES.values())}で書きます（すべての書類で同じ書き方）。",
        choices=tuple(DATE_STYLES), labels=tuple(DATE_STYLES.values()),
    )
)
EQUIPMENT_MINIMUM = _declare(
    IntSetting(
        "assets_equipment_minimum", 0, "財産目録に載せる備品の金額",
        "財産目録に載せる備品の取得価額の下限（円）。0 ならすべての備品を載せます"
        "（例: 100000 = 取得価額10万円以上の備品だけ）。",
        minimum=0, maximum=1_000_000_000,
    )
)

PACK_PARTS = _declare(
    PackPartsSetting(
        "pack_parts", ("事業報告", "決算報告", "役員改選", "事業計画", "予算"), "総会資料の議案",
        "議案書に載せる議案の順と題（1行に1件: 事業報告・決算報告・役員改選・事業計画・予算、「=題」で題を変える）。",
    )
)

BYLAWS = _declare(
    LongTextSetting("bylaws", "", "規約", "団体の規約の本文。入っていれば総会資料（議案書）の最後に載せます。")
)


# The office's preferences people set in 「設定…」 and `kyodo settings`, in the order shown. The others
# have their own place: the year selector, the 表示 menu's text size, the 総会資料's 議案 and 規約.
OFFICE_SETTINGS: tuple[Setting[Any], ...] = (
    AREA_CODE, DATE_STYLE, PRINT_STAMP_BOXES, EQUIPMENT_MINIMUM, BACKUP_KEEP_COUNT,
)
ELSEWHERE = {
    SELECTED_FISCAL_YEAR.name: "画面上の年度の選択",
    FONT_SCALE_PERCENT.name: "表示メニューの「文字を大きく／小さく」",
    PACK_PARTS.name: "事業・会議の「議案の順と題…」",
    BYLAWS.name: "事業・会議の「規約…」",
}


def print_date_style(db: Database) -> str:
    """How dates print on every form: "wareki" (令和7年4月1日) or "slash" (2025/4/1). Reports get it
    as data (Report.date_style); the writers never read settings."""
    return read_setting(db, DATE_STYLE)


def date_style_in(session: Session) -> str:
    """print_date_style inside a unit of work: the change history and the messages about another
    PC's change show dates as the forms print them."""
    return _parsed(DATE_STYLE, _stored_in(session, [DATE_STYLE.name]).get(DATE_STYLE.name))


def setting_named(name: str) -> Setting[Any]:
    """The declared setting of that stored name (KeyError for a name never declared)."""
    return REGISTRY[name]


# -- reading and writing ------------------------------------------------------------------------------
def _stored(db: Database, names: Iterable[str]) -> dict[str, str]:
    with db.session() as session:
        return _stored_in(session, names)


def _stored_in(session: Session, names: Iterable[str]) -> dict[str, str]:
    rows = session.query(SettingRow).filter(SettingRow.key.in_(list(names))).all()
    return {row.key: row.value for row in rows}


def _problem(setting: Setting[Any], text: str) -> str | None:
    try:
        setting.parse(text)
    except ValueError as exc:
        return (
            f"設定「{setting.label}」に保存された値「{text}」は使えません（{exc}）。"
            f"既定値（{setting.shown(setting.default)}）を使います。"
        )
    return None


def read_setting(db: Database, setting: Setting[T]) -> T:
    """The stored value, or the default when nothing (or nothing readable) is stored."""
    text = _stored(db, [setting.name]).get(setting.name)
    if text is None:
        return setting.default
    try:
        return setting.parse(text)
    except ValueError:
        log.warning("%s", _problem(setting, text))
        return setting.default


def read_setting_of_file(path: Path, setting: Setting[T]) -> T:
    """A setting of a database file that is not open (before an upgrade, for a backup or a restore)."""
    return _parsed(setting, read_stored_setting(path, setting.name))


class _NotChecked:
    """write_setting's `expected` when the caller did not show the value first."""


NOT_CHECKED = _NotChecked()


def write_setting(db: Database, setting: Setting[T], value: T, *, expected: T | _NotChecked = NOT_CHECKED) -> None:
    """Store a value; a value the setting does not allow raises ValidationError and stores nothing.
    `expected`: the value as the form showed it — refused (EditConflict: who changed it and when,
    their value; its `current` is the value stored now) when another PC or window saved the
    setting since."""
    try:
        write_settings(db, {setting: value}, None if isinstance(expected, _NotChecked) else {setting: expected})
    except EditConflict as refused:  # `current`: this one setting's value, not a mapping
        raise EditConflict(str(refused), refused.current_version, refused.current[setting]) from None


def _parsed(setting: Setting[T], text: str | None) -> T:
    """A stored text as read_setting reads it (nothing, or nothing readable: the default)."""
    if text is None:
        return setting.default
    try:
        return setting.parse(text)
    except ValueError:
        return setting.default


def write_settings(db: Database, values: Mapping[Setting[Any], Any],
                   expected: Mapping[Setting[Any], Any] | None = None) -> Changes:
    """Store several values in one transaction. Every value is checked first: when any is not
    allowed, ValidationError names each (field = the setting's name) and nothing is stored.
    `expected`: the values as the form showed them — refused (EditConflict, its `current` the
    values stored now) when another PC or window saved one of them since."""
    problems = []
    for setting, value in values.items():
        try:
            setting.check(value)
        except ValueError as exc:
            problems.append(Problem(setting.name, f"{setting.label}: {exc}"))
    if problems:
        raise ValidationError(problems)
    with db.session.begin() as session:
        if expected is not None:
            stored = {row.key: row.value for row in session.query(SettingRow).filter(
                SettingRow.key.in_([s.name for s in values]))}
            current = {s: _parsed(s, stored.get(s.name)) for s in values}
            lines = [f"・{s.label}: {one_line(s.shown(expected[s]))} → {one_line(s.shown(current[s]))}"
                     for s in values if s in expected and current[s] not in (expected[s], values[s])]
            if lines:
                last = latest_change(session, SettingRow.__tablename__, ids=[s.name for s in values])
                what = f"設定「{next(iter(values)).label}」" if len(values) == 1 else "設定"
                raise values_conflict(what, last, lines, current)
        for setting, value in values.items():
            session.merge(SettingRow(key=setting.name, value=setting.format(value)))
    return Changes.of(SETTINGS)


def change_settings(db: Database, before: Mapping[Setting[Any], Any], after: Mapping[Setting[Any], Any]) -> Step:
    """「設定」 saved as one undoable step: only the settings whose value changed are written."""
    changed = [s for s in after if after[s] != before.get(s, s.default)]
    shown = {s: before.get(s, s.default) for s in changed}  # refused when saved elsewhere since
    labels = "、".join(s.label for s in changed) or "なし"
    return Step(f"設定の変更（{labels}）",
                lambda: write_settings(db, {s: after[s] for s in changed}, expected=shown),
                lambda: write_settings(db, shown, expected={s: after[s] for s in changed}))


def setting_notes(db: Database) -> list[str]:
    """A Japanese note for every stored value that cannot be read (and so is replaced by its default)."""
    stored = _stored(db, REGISTRY)
    notes = [_problem(REGISTRY[name], text) for name, text in stored.items()]
    return [note for note in notes if note]


@dataclass
class Settings:
    """The settings of one open office: `office.settings.get(AREA_CODE)`, `.set(AREA_CODE, "0191")`."""

    db: Database

    def get(self, setting: Setting[T]) -> T:
        return read_setting(self.db, setting)

    def set(self, setting: Setting[T], value: T) -> None:
        write_setting(self.db, setting, value)

    def notes(self) -> list[str]:
        return setting_notes(self.db)
