"""Bookings from the hall's own records: a booking log (one row per use) or a month-calendar workbook
(one sheet per month, dates across, slots × rooms down, the user typed in the cell).

Preview first, then all or nothing. Users are found by name, by a spelling remembered earlier, or as a
構成団体 of the 名簿 (linked on import); other names are listed, grouped where they look alike
(囲碁 / 囲碁の会), and created only when asked (`add_users`), each group as one user.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.dates import parse_date
from app.domain.facility import (
    BOOKED,
    CANCELLED,
    SLOT_HOURS,
    USED,
    fee_after_exemption,
    group_similar,
    is_hourly,
    parse_slots,
    slot_hour,
)
from app.domain.input_bounds import date_bounds_message
from app.domain.kana import normalize_text
from app.domain.validation import ValidationError
from app.importing.columns import column_letter, parse_mapping
from app.importing.errors import ImportFileError
from app.importing.preview import ImportPreview, PreviewRow, RowIssue, RowStatus
from app.importing.spec import FieldSpec
from app.services.changes import Changes, Result
from app.services.facility.bookings import BOOKINGS
from app.services.facility.users import USERS, UserData, UserIndex, add_user_in
from app.storage.database import Database
from app.storage.history import summarised_inserts
from app.storage.models import Booking, FacilityUser, Room

MAPPING_KIND = "bookings"  # the column choices remembered for booking logs (app.services.import_mappings)

if TYPE_CHECKING:
    from app.importing.sheet_reader import SheetData

LOG_FIELDS = (
    FieldSpec("used_on", "日付", ("利用日", "使用日", "年月日", "月日"), required=True, is_date=True),
    FieldSpec("slot", "時間帯", ("区分", "コマ", "利用区分", "時間区分")),
    FieldSpec("start", "開始", ("開始時刻", "開始時間", "から")),
    FieldSpec("end", "終了", ("終了時刻", "終了時間", "まで")),
    FieldSpec("room", "部屋", ("会場", "使用場所", "部屋名", "使用室", "利用施設", "施設"), required=True),
    FieldSpec("user", "利用団体", ("団体名", "利用者", "使用者", "行事名", "利用者名", "申込者")),
    FieldSpec("people", "人数", ("利用人数", "参加人数", "参加者数", "利用者数")),
    FieldSpec("purpose", "利用目的", ("目的", "内容", "使用目的")),
)


@dataclass(frozen=True)
class ImportedBooking:
    used_on: date
    room_id: int
    room_name: str
    slot: str
    user_name: str  # as written in the file
    people: int | None = None
    purpose: str = ""


class RowBookings(list[ImportedBooking]):
    """The bookings one row makes (one per slot), with what the preview table shows of them."""

    @property
    def used_on(self) -> date | None:
        return self[0].used_on if self else None

    @property
    def room_name(self) -> str:
        return self[0].room_name if self else ""

    @property
    def slots(self) -> str:
        return "・".join(b.slot for b in self)

    @property
    def user_name(self) -> str:
        return self[0].user_name if self else ""

    @property
    def people(self) -> int | None:
        return self[0].people if self else None

    @property
    def purpose(self) -> str:
        return self[0].purpose if self else ""


PREVIEW_COLUMNS = [("used_on", "日付"), ("slots", "時間帯"), ("room_name", "部屋"), ("user_name", "利用団体"),
                   ("people", "人数"), ("purpose", "利用目的")]


@dataclass
class BookingImportPreview(ImportPreview):
    unknown_users: dict[str, int] = field(default_factory=dict)  # name → rows, to be created (neither a user,
    # a 構成団体, nor taken as a registered user it looks like)
    similar: list[list[str]] = field(default_factory=list)  # unknown names that look alike
    per_month: dict[str, int] = field(default_factory=dict)  # calendar workbooks: 「2025年5月」 → bookings
    month_errors: dict[str, int] = field(default_factory=dict)  # the month's filled cells that are wrong
    add_users: bool = False  # unknown users are created on commit (else they block it)
    # a name that looks like a registered user (囲碁 → 囲碁の会): the registered name; `joined` those
    # taken as that user (its other spelling, remembered), the rest stay unknown
    suggestions: dict[str, str] = field(default_factory=dict)
    joined: dict[str, str] = field(default_factory=dict)
    apart: frozenset[str] = frozenset()  # names whose look-alike group staff keep as separate users
    declined: frozenset[str] = frozenset()  # suggested names staff said are another user (not joined)

    @property
    def merged_groups(self) -> list[list[str]]:
        """The look-alike groups created as one user each (the others: one user per name)."""
        return [g for g in self.similar if not self.apart.intersection(g)]

    @property
    def has_errors(self) -> bool:
        return super().has_errors or bool(self.blocked_reason)

    @property
    def blocked_reason(self) -> str:
        """Why the window cannot import yet though no row is wrong: the 利用団体 to register first."""
        if not self.unknown_users or self.add_users:
            return ""
        return ("登録のない利用団体があるため、まだ取り込めません。下の「登録のない利用団体を新しい利用団体として登録する」"
                "を選ぶか、利用団体を登録してから読み込み直してください。")

    def column_lines(self) -> list[str]:
        """A month calendar has no header row: the months read, instead of the columns."""
        if not self.per_month:
            return super().column_lines()
        return [f"月ごとの予定表として{len(self.per_month)}か月分のシートを読みました"
                f"（{'、'.join(self.per_month)}。日付の行と、時間帯・部屋の列から）"]

    def summary_lines(self, *, long_form: bool = False) -> list[str]:
        lines = super().summary_lines(long_form=long_form)
        for month, n in self.per_month.items():
            wrong = self.month_errors.get(month, 0)
            lines.append(f"{month}: {n}件の予約" + (f"（ほかにエラーのセル {wrong}件）" if wrong else ""))
        for name, registered in self.suggestions.items():
            if name in self.joined:
                lines.append(f"「{name}」は登録済みの「{registered}」として取り込みます（別の書き方として覚えます。"
                             f"別の団体なら、画面ではその欄を外し、コマンドでは --keep-apart \"{name}\" を付けます）")
            elif name in self.declined:
                lines.append(f"「{name}」は登録済みの「{registered}」と似ていますが、別の利用団体として取り込みます")
            else:
                lines.append(f"「{name}」は登録済みの「{registered}」と似ています（同じ団体なら、画面ではその欄を選び、"
                             f"コマンドでは --add-users で「{registered}」として取り込みます）")
        if self.unknown_users:
            names = "、".join(f"{n}（{c}件）" for n, c in self.unknown_users.items())
            lines.append(f"登録のない利用団体: {names}")
            for group in self.similar:
                if group in self.merged_groups:
                    lines.append(f"似た名前（一つの利用団体にまとめます。別々にするときは、画面ではその欄を外し、コマンドでは"
                                 f" --keep-apart \"{group[0]}\"）: "
                                 f"{' / '.join(group)}")
                else:
                    lines.append(f"似た名前（別々の利用団体にします）: {' / '.join(group)}")
            if not self.add_users:
                lines.append(f"登録のない利用団体が{len(self.unknown_users)}件あります。登録してから取り込むか、"
                             "新しい利用団体として登録してください（画面では「登録のない利用団体を登録する」、"
                             "コマンドでは --add-users を付けると登録します）。")
        return lines


# --- reading ------------------------------------------------------------------------------------


def _hour(v: Any) -> float | None:
    if isinstance(v, time | datetime):
        return v.hour + v.minute / 60
    m = re.match(r"(\d{1,2})[:：時](\d{0,2})", unicodedata.normalize("NFKC", str(v or "")))
    return int(m.group(1)) + (int(m.group(2) or 0) / 60) if m else None


def _slots_from_times(start: Any, end: Any, offered: Sequence[str] = ()) -> tuple[str, ...]:
    """The slots a use from `start` to `end` takes: in a room lent by the hour (時間貸し), each hour it
    touches; else 午前・午後・夜間 by the part of the day."""
    s, e = _hour(start), _hour(end)
    if s is None:
        return ()
    return _slots_for_hours(s, e if e is not None else s + 1, offered)


def _slots_for_hours(s: float, e: float, offered: Sequence[str]) -> tuple[str, ...]:
    hourly = [(slot, h) for slot in offered if (h := slot_hour(slot)) is not None]
    if hourly:
        return tuple(slot for slot, h in hourly if s < h + 1 and e > h)
    bands = (("午前", 0, 12), ("午後", 12, 17.5), ("夜間", 17.5, 24))
    return tuple(name for name, lo, hi in bands if s < hi and e > lo)


def _part_of_day(slot: str) -> tuple[float, float] | None:
    """The hours of 午前・午後・夜間 (SLOT_HOURS: 午前 9:00〜12:00 …); None for another name."""
    span = SLOT_HOURS.get(slot)
    if span is None:
        return None
    start, end = (_hour(t) for t in span.split("〜"))
    return (start, end) if start is not None and end is not None else None


def _slots(values: dict[str, Any], room: Room | None) -> tuple[str, ...]:
    """The slots of a row: as written (「午後」, 「10〜12時」), or from its start and end times. Hours
    written for a room lent in 午前・午後・夜間 are read as the parts of the day they fall in; 午前・
    午後・夜間 written for a room lent by the hour (a month calendar's blocks) as the hours of that part."""
    offered = parse_slots(room.slots) if room is not None else ()
    written = parse_slots(str(values.get("slot") or ""))
    hours = [h for slot in written if (h := slot_hour(slot)) is not None]
    if written and len(hours) == len(written) and not any(slot_hour(o) is not None for o in offered):
        return _slots_for_hours(min(hours), max(hours) + 1, offered)
    parts = [p for slot in written if (p := _part_of_day(slot)) is not None]
    if written and len(parts) == len(written) and is_hourly(offered):
        return tuple(dict.fromkeys(s for start, end in parts for s in _slots_for_hours(start, end, offered)))
    return written or _slots_from_times(values.get("start"), values.get("end"), offered)


def _as_date(v: Any, default_year: int | None) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = unicodedata.normalize("NFKC", str(v or "")).strip()
    text = re.sub(r"[(（][月火水木金土日][)）]$", "", text)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/月.](\d{1,2})日?", text)
    if m and default_year:
        month = int(m.group(1))
        return date(default_year if month >= 4 else default_year + 1, month, int(m.group(2)))
    return None


def read_log(path: Path, sheet_name: str | None, mapping: dict[str, str | None] | None = None,
             remembered: Callable[[str], dict[str, str | None] | None] | None = None) -> SheetData:
    """The booking log's rows; `mapping` (normalised header → field, None = 取り込まない) as --map or the
    window's column table gives it; else `remembered` may give the one chosen before for such headers."""
    from app.importing.sheet_reader import read_sheet

    sheet = read_sheet(path, LOG_FIELDS, sheet_name, mapping, remembered=remembered)
    missing = None
    if "user" not in sheet.columns:
        missing = (f"シート『{sheet.sheet_name}』に利用団体（団体名・行事名）の列がありません"
                   "（--map \"見出し=利用団体\" で列を指定できます）")
    elif "slot" not in sheet.columns and "start" not in sheet.columns:
        missing = (f"シート『{sheet.sheet_name}』に時間帯（または開始・終了）の列がありません"
                   "（--map \"見出し=時間帯\" で列を指定できます）")
    if missing:  # with the sheet's columns: the window lets the user say which one holds it
        error = ImportFileError(missing)
        error.columns, error.signature = sheet.source_columns, sheet.signature
        raise error
    return sheet


_MONTH_RE = re.compile(r"(?:(?P<era>令和|R)?(?P<y>\d{1,4})年)?(?P<m>\d{1,2})月")


def _sheet_month(name: str) -> tuple[int, int] | None:
    m = _MONTH_RE.search(unicodedata.normalize("NFKC", name))
    if not m or not m.group("y"):
        return None
    y = int(m.group("y"))
    if m.group("era"):
        y += 2018
    month = int(m.group("m"))
    return (y, month) if 1 <= month <= 12 else None


def is_calendar_workbook(path: Path) -> bool:
    from app.importing.sheet_reader import sheet_names

    return sum(1 for n in sheet_names(path) if _sheet_month(n)) >= 1 and path.suffix.lower() in (".xlsx", ".xlsm")


CALENDAR_ROOM_COLUMN = 2  # the rooms stand in column B of each slot block (the slots, merged, in A)


def read_calendar(path: Path) -> tuple[list[tuple[str, int, dict[str, Any]]], dict[str, int]]:
    """(sheet, row, values) per filled cell of every month sheet, and the number of cells per month;
    the values carry the cell's column number as "_column" (the error workbook marks that cell) and
    its sheet's month as "_month"."""
    from openpyxl import load_workbook

    from app.importing.errors import check_xlsx_file

    check_xlsx_file(path)  # the size, ratio and string limits every import reads within
    wb = load_workbook(path, data_only=True)
    found: list[tuple[str, int, dict[str, Any]]] = []
    per_month: dict[str, int] = {}
    try:
        for ws in wb.worksheets:
            ym = _sheet_month(ws.title)
            if ym is None:
                continue
            merged_top: dict[tuple[int, int], Any] = {}
            for rng in ws.merged_cells.ranges:
                top = ws.cell(rng.min_row, rng.min_col).value
                for r in range(rng.min_row, min(rng.max_row, ws.max_row) + 1):
                    for c in range(rng.min_col, min(rng.max_col, 4) + 1):
                        merged_top[(r, c)] = top
            rows = list(ws.iter_rows(values_only=True))
            day_row, day_cols = _find_day_row(rows, ym)
            slot: str = ""
            count = 0
            for r in range(day_row + 1, len(rows)):
                cells = rows[r]
                a = merged_top.get((r + 1, 1), cells[0] if cells else None)
                b = merged_top.get((r + 1, 2), cells[1] if len(cells) > 1 else None)
                label_a = normalize_text(str(a or ""))
                if label_a:
                    slot = label_a
                room = normalize_text(str(b or ""))
                if not slot or not room:
                    continue
                for c, day in day_cols.items():
                    v = cells[c] if c < len(cells) else None
                    text = normalize_text(str(v)) if isinstance(v, str) else ""
                    if not text:  # blanks, and 0 / "" left by formulas on empty days
                        continue
                    found.append((ws.title, r + 1, {"used_on": day, "slot": slot, "room": room, "user": text,
                                                    "_column": c + 1, "_month": f"{ym[0]}年{ym[1]}月"}))
                    count += 1
            per_month[f"{ym[0]}年{ym[1]}月"] = count
    finally:
        wb.close()
    return found, per_month


def _find_day_row(rows: list[tuple[Any, ...]], ym: tuple[int, int]) -> tuple[int, dict[int, date]]:
    """The row with the days across; only days of the sheet's own month (the next month's first
    days at the end, greyed, are another sheet's)."""
    for i, cells in enumerate(rows[:15]):
        days: dict[int, date] = {}
        for c, v in enumerate(cells):
            d: date | None = None
            if isinstance(v, datetime | date):
                d = v.date() if isinstance(v, datetime) else v
            elif isinstance(v, int | float) and float(v).is_integer() and 1 <= int(v) <= 31:
                try:
                    d = date(ym[0], ym[1], int(v))
                except ValueError:
                    d = None
            elif isinstance(v, str):
                m = re.fullmatch(r"(\d{1,2})日?(?:[(（].[)）])?", unicodedata.normalize("NFKC", v.strip()))
                if m and 1 <= int(m.group(1)) <= 31:
                    try:
                        d = date(ym[0], ym[1], int(m.group(1)))
                    except ValueError:
                        d = None
            if d is not None:
                days[c] = d
        if len(days) >= 7:
            own: dict[int, date] = {}
            seen: set[date] = set()
            for c, d in sorted(days.items()):
                if (d.year, d.month) == ym and d not in seen and not (own and d < max(own.values())):
                    own[c] = d
                    seen.add(d)
            return i, own
    raise ValidationError(f"月『{ym[0]}年{ym[1]}月』のシートに日付の並んだ行が見つかりません（先頭15行を調べました）")


# --- preview and commit -------------------------------------------------------------------------


def _user_known(index: UserIndex, name: str) -> bool:
    return index.find(name) is not None or normalize_text(name) in index.organisations


def preview_booking_import(db: Database, path: Path, *, sheet_name: str | None = None,
                           mapping: Sequence[str] | None = None, add_users: bool = False,
                           today: date | None = None,
                           columns: dict[str, str | None] | None = None,
                           accept_suggestions: bool | None = None, declined: Collection[str] = (),
                           apart: Collection[str] = ()) -> BookingImportPreview:
    """Read and check every booking; nothing is written. `mapping`: 「見出し=項目」 pairs (--map) for
    a log whose headers the importer does not know; a wrong pair raises MappingError (exit 2).
    `columns`: the window's column table (normalised header → field, None = 取り込まない); with
    neither, a log's headers are read as the user last chose for such headers in the window.

    A name that looks like a registered user's (「囲碁」, 「囲碁の会」 registered) is suggested as that
    user: taken so when `accept_suggestions` (None: with `add_users`, as the command line confirms)
    unless `declined` names it. Look-alike unknown names become one user per group unless `apart`
    names one of the group."""
    from app.services.import_mappings import remembered_mapping

    path = Path(path)
    today = today or date.today()
    fields = parse_mapping(list(mapping), LOG_FIELDS) if mapping else columns
    if (path.suffix.lower() in (".xlsx", ".xlsm") and sheet_name is None and fields is None
            and is_calendar_workbook(path)):
        cells, per_month = read_calendar(path)
        sources = [(row, values, sheet) for sheet, row, values in cells]
        preview = BookingImportPreview(path, "（月ごとのシート）", [], per_month=per_month, add_users=add_users)
        log_columns: dict[str, tuple[str, str]] = {}
        read_issues: dict[int, Sequence[RowIssue]] = {}
    else:
        log = read_log(path, sheet_name, fields,
                       remembered=lambda signature: remembered_mapping(db, MAPPING_KIND, signature))
        sources = [(r.row_number, r.values, log.sheet_name) for r in log.rows]
        # with the column accounting: each column → 項目 or 取り込まない, the unmapped ones named
        preview = BookingImportPreview.of_sheet(log, [], list(log.notes), LOG_FIELDS)
        preview.add_users = add_users
        # field label → (the header as it stands, its column letter): the error workbook marks the cell
        labels = {f.key: f.label for f in LOG_FIELDS}
        log_columns = {labels[k]: (c.header, c.letter) for k, c in log.columns.items() if k in labels}
        read_issues = {r.row_number: r.issues for r in log.rows if r.issues}  # formulas without a saved value
    with db.session() as session:
        rooms = {normalize_text(r.name): r for r in session.scalars(select(Room))}
        index = UserIndex.load(session)
        held = _held_slots(session, sources)
        unknown: Counter[str] = Counter()
        taken_in_file: dict[tuple[int, date, str], str] = {}  # → 「4行目」 / 「シート『…』 セルO4」
        accept = add_users if accept_suggestions is None else accept_suggestions

        def as_user(name: str) -> int | None:
            """The registered user a name is imported as (an accepted suggestion included)."""
            found = index.find(name)
            if found is None and accept and name not in declined and (like := index.suggest(name)) is not None:
                found = index.find(like)
            return found

        for row, values, sheet in sources:
            issues: list[RowIssue] = list(read_issues.get(row, ()))

            def issue(header: str, message: str, row: int = row, sheet: str = sheet,
                      values: dict[str, Any] = values, issues: list[RowIssue] = issues) -> None:
                if "_column" not in values:  # a log's row: its column, by the header as the sheet has it
                    found, letter = log_columns.get(header, (header, None))
                    issues.append(RowIssue(row, found, message, letter))
                    return
                # a month calendar's cell: that cell of that sheet is marked in the error workbook — an
                # unknown room its label in column B (fixed once for the row), the rest the booking cell
                column = CALENDAR_ROOM_COLUMN if header == "部屋" else values["_column"]
                used_on = values.get("used_on")
                day = f"{used_on.month}月{used_on.day}日 " if isinstance(used_on, date) else ""
                issues.append(RowIssue(row, f"{day}{values.get('slot')}・{values.get('room')}", message,
                                       column_letter(column - 1), sheet=sheet))

            day = _as_date(values.get("used_on"), None)
            if day is None:
                issue("日付", f"日付「{values.get('used_on')}」を読めません（例: 2025/5/13、令和7年5月13日）")
            elif bounds := date_bounds_message("利用日", day, today):
                issue("日付", bounds)
            room = rooms.get(normalize_text(str(values.get("room") or "")))
            if room is None:
                issue("部屋", f"部屋「{values.get('room')}」は登録されていません"
                              "（施設の「部屋」のタブか kyodo room add で登録してください）")
            slots = _slots(values, room)
            if not slots:
                issue("時間帯", "時間帯（午前・午後・夜間）か開始・終了の時刻を入れてください")
            elif room is not None and (bad := [s for s in slots if s not in parse_slots(room.slots)]):
                issue("時間帯", f"{room.name}は「{'・'.join(bad)}」には貸し出していません")
            user = normalize_text(str(values.get("user") or ""))
            if not user:
                issue("利用団体", "利用団体（または行事名）が空です")
            elif not _user_known(index, user):
                unknown[user] += 1
            people = _people(values.get("people"), issue)
            data = RowBookings()
            status = RowStatus.NEW
            if not issues and day is not None and room is not None:
                for slot in slots:
                    key = (room.id, day, slot)
                    holder = held.get(key)
                    if key in taken_in_file:
                        issue("時間帯", f"{room.name}の{day:%Y/%m/%d} {slot}は{taken_in_file[key]}と重なっています")
                    elif holder is not None and holder != user and index.find(holder) != as_user(user):
                        issue("時間帯", f"{room.name}の{day:%Y/%m/%d} {slot}は既に「{holder}」が予約しています")
                    elif holder is not None:
                        status = RowStatus.UNCHANGED
                    taken_in_file.setdefault(key, _place(sheet, row, values))
                    data.append(ImportedBooking(day, room.id, room.name, slot, user, people,
                                                normalize_text(str(values.get("purpose") or ""))))
            place = f"{sheet} {column_letter(values['_column'] - 1)}{row}" if "_column" in values else ""
            preview.rows.append(PreviewRow(row, RowStatus.ERROR if issues else status, data, issues, place=place))
            if issues and "_month" in values:  # a wrong cell does not become a booking: counted apart
                preview.per_month[values["_month"]] -= 1
                preview.month_errors[values["_month"]] = preview.month_errors.get(values["_month"], 0) + 1
    preview.suggestions = {name: found for name in unknown if (found := index.suggest(name)) is not None}
    preview.joined = {n: r for n, r in preview.suggestions.items() if accept and n not in declined}
    preview.unknown_users = {n: c for n, c in unknown.items() if n not in preview.joined}
    preview.similar = group_similar(preview.unknown_users)
    preview.apart = frozenset(apart)
    preview.declined = frozenset(n for n in preview.suggestions if n in declined)
    return preview


def _place(sheet: str, row: int, values: dict[str, Any]) -> str:
    """「4行目」 of a log; 「シート『2025年５月分』 セルO4」 of a month calendar's cell."""
    if "_column" in values:
        return f"シート『{sheet}』 セル{column_letter(values['_column'] - 1)}{row}"
    return f"{row}行目"


def _people(v: Any, issue: Any) -> int | None:
    if v is None or v == "":
        return None
    text = unicodedata.normalize("NFKC", str(v)).strip().removesuffix("人").removesuffix("名")
    try:
        n = int(float(text))
    except ValueError:
        issue("人数", f"人数「{v}」は数字で入れてください")
        return None
    if n < 0:
        issue("人数", "人数に負の数は入れられません")
        return None
    return n


def _held_slots(session: Session, sources: list[tuple[int, dict[str, Any], str]]) -> dict[tuple[int, date, str], str]:
    """(room, day, slot) → holder's name, for the days the file covers."""
    days = {d for _, v, _ in sources if (d := _as_date(v.get("used_on"), None)) is not None}
    if not days:
        return {}
    rows = session.execute(
        select(Booking.room_id, Booking.used_on, Booking.slot, FacilityUser.name)
        .join(FacilityUser, Booking.user_id == FacilityUser.id)
        .where(Booking.used_on >= min(days), Booking.used_on <= max(days), Booking.status != CANCELLED)
    )
    return {(r, d, s): n for r, d, s, n in rows}


def commit_booking_import(db: Database, preview: BookingImportPreview, *, today: date | None = None) -> Result[str]:
    """Write every new booking, creating the users asked for; all or nothing."""
    if preview.has_errors:
        raise ValidationError("エラーのある取り込みは確定できません")
    try:
        return _commit(db, preview, today or date.today())
    except IntegrityError as exc:  # another PC booked one of these slots after the preview; nothing was written
        raise ValidationError(_taken_since_preview(db, preview)) from exc


def _taken_since_preview(db: Database, preview: BookingImportPreview) -> str:
    """The refusal naming the slots (room, day, slot, holder) booked elsewhere since the preview."""
    new = {(b.room_id, b.used_on, b.slot): b.room_name
           for r in preview.rows if r.status is RowStatus.NEW for b in r.data}
    with db.session() as session:
        rows = session.execute(
            select(Booking.room_id, Booking.used_on, Booking.slot, FacilityUser.name)
            .join(FacilityUser, Booking.user_id == FacilityUser.id)
            .where(Booking.used_on.in_({d for _, d, _ in new}), Booking.status != CANCELLED)
            .order_by(Booking.used_on, Booking.slot)
        )
        taken = [f"{new[(r, d, s)]}の{d:%Y/%m/%d} {s}は「{n}」" for r, d, s, n in rows if (r, d, s) in new]
    what = "、".join(taken[:5]) + (f"ほか{len(taken) - 5}件" if len(taken) > 5 else "")
    cause = f"確認のあとで、ほかのパソコンから予約が入りました（{what}）。" if taken else \
        "確認のあとで、ほかのパソコンから同じ予約か利用団体が登録されました。"
    return cause + "何も取り込んでいません。ファイルを読み込み直して確認してください。"


def _commit(db: Database, preview: BookingImportPreview, today: date) -> Result[str]:
    # one change-log entry per table for what the import adds, not one per field of every booking
    with db.session.begin() as session, summarised_inserts(session, f"予約の取り込み（{preview.file.name}）"):
        index = UserIndex.load(session)
        ids = _resolve_users(session, index, preview)
        rooms = {r.id: r for r in session.scalars(select(Room))}
        new = [b for r in preview.rows if r.status is RowStatus.NEW for b in r.data]
        objects = []
        for b in new:
            user = session.get(FacilityUser, ids[b.user_name])
            room = rooms[b.room_id]
            fee = fee_after_exemption(room.fee_per_slot, user.exemption if user else "なし")
            objects.append(Booking(
                used_on=b.used_on, room_id=b.room_id, slot=b.slot, user_id=ids[b.user_name], purpose=b.purpose,
                expected_people=b.people, actual_people=b.people if b.used_on < today else None,
                fee=fee, full_fee=room.fee_per_slot, status=USED if b.used_on < today else BOOKED,
            ))
        session.add_all(objects)
        session.flush()
        created = len({i for n, i in ids.items() if n in preview.unknown_users})
        message = f"{len(objects)}件の予約を取り込みました。" + (f"利用団体を{created}件登録しました。" if created else "")
        changes = Changes.of(BOOKINGS, *(o.id for o in objects)) | (Changes.of(USERS) if created else Changes())
        return Result(message, changes)


def _resolve_users(session: Session, index: UserIndex, preview: BookingImportPreview) -> dict[str, int]:
    """Name in the file → user id: known users; 構成団体 linked as users; unknown ones created, each
    group of look-alike names as one user remembering the other spellings."""
    names = {b.user_name for r in preview.rows if r.status is RowStatus.NEW for b in r.data}
    ids: dict[str, int] = {}
    for name in names:
        found = index.find(name)
        if found is not None:
            ids[name] = found
        elif normalize_text(name) in index.organisations:
            row = add_user_in(session, UserData(name, kind="構成団体", organisation_id=index.organisations[normalize_text(name)]))
            ids[name] = row.id
    for name, registered in preview.joined.items():  # 囲碁 as 囲碁の会: remembered for the next import
        user_id = index.find(registered)
        if name in names and user_id is not None:
            ids[name] = user_id
            user = session.get(FacilityUser, user_id)
            if user is not None and name not in user.aliases.splitlines():
                user.aliases = "\n".join([*(a for a in user.aliases.splitlines() if a), name])
    groups = {n: g for g in preview.merged_groups for n in g}
    for name in sorted(preview.unknown_users, key=lambda n: -preview.unknown_users[n]):
        if name in ids or name not in names:
            continue
        group = groups.get(name, [name])
        main = max(group, key=lambda n: preview.unknown_users.get(n, 0))
        row = add_user_in(session, UserData(main))
        row.aliases = "\n".join(n for n in group if n != main)
        for n in group:
            ids[n] = row.id
    return ids
