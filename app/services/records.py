"""Looking up the record a screen showed: gone meanwhile (deleted on another PC, undone) is a message,
and so is a record someone else saved since the form was filled (optimistic versioning)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, event, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.validation import Problem, ValidationError
from app.storage.database import Database
from app.storage.history import DELETE, INSERT, TRASH, UPDATE, dump_value, field_label, record_id_of
from app.storage.models import ChangeLog

T = TypeVar("T")

SHOWN_FIELDS = 6  # the other person's changes listed in the message; the rest are counted
NOT_SAVED = "（保存していません）"
SAVE_AGAIN = ("あなたの入力はそのまま残っています。相手の変更を確かめ、あなたの内容で上書きするときは"
              "もう一度「保存」を押してください（やめるときはキャンセル）。")


def existing(session: Session, model: type[T], row_id: object, *, label: str | None = None) -> T:
    """The row, or a Japanese refusal naming the record: its kind (`label`, by default the model's
    __label__) and its id."""
    row = session.get(model, row_id)
    if row is None:
        raise gone(model, row_id, label)
    return row


def gone(model: type, row_id: object, label: str | None = None) -> ValidationError:
    """The refusal for a record that is no longer there (deleted on another PC, or undone)."""
    what = label or getattr(model, "__label__", "記録")
    return ValidationError(f"{what}（ID {row_id}）が見つかりません（削除された可能性があります）")


class EditConflict(ValidationError):
    """The record was saved by someone else after the form was filled: nothing was stored.

    `current_version` is the version stored now; a form that keeps what was typed and saves again
    with it overwrites on purpose (the user has seen the other person's change in the message).
    `current`: for a form saved against the values it showed (several lines, no single version),
    the values stored now — what the next save is compared with."""

    def __init__(self, message: str, current_version: int, current: Any = None):
        super().__init__(message)
        self.current_version = current_version
        self.current = current


# (table, id) → the version a row had when this process deleted it. Undo and redo happen in the
# process that did the step, so this is what a redo of an addition puts the row back at: the steps
# after it (a change, undone before the addition was) name that version, not the one first stored.
_GONE_AT: dict[tuple[str, str], int] = {}


@event.listens_for(Session, "before_flush")
def _note_versions_of_deleted_rows(session: Session, _context: object, _instances: object) -> None:
    for row in session.deleted:
        version = getattr(row, "version", None)
        if isinstance(version, int):
            _GONE_AT[(row.__table__.name, record_id_of(row))] = version


def put_back_at(session: Session, row: Any, version: int | None) -> None:
    """A row just put back under its id (the undo of its deletion, the redo of its addition) counts on
    from the version it had when it went (an INSERT always starts at 1): the undo and redo steps
    around it name the versions they stored, and still find their own. `version`: the one the caller
    knows (None: from 1), unless this process saw the row deleted at a later one."""
    version = _GONE_AT.get((row.__table__.name, record_id_of(row)), version)
    if version is None or row.version == version:
        return
    session.flush()
    row.version = version  # an UPDATE of the version alone; the change log leaves versions out
    session.flush()


def check_version(session: Session, row: Any, expected: int | None) -> None:
    """Refuse (EditConflict) when `row` is no longer at the version the form was filled from.
    `expected` None: the caller did not read the record first (an import, a new record)."""
    if expected is not None and row.version != expected:
        raise EditConflict(conflict_message(session, row), row.version)


def check_as_left(session: Session, row: Any, now: object, expected: object | None) -> None:
    """Refuse (EditConflict: who changed what, and when) to take back a record that an undo or redo
    finds no longer as its step left it: `now` and `expected` are the record's values read the same
    way (None: not checked). Values, not versions: the step's own neighbours, undone and redone in
    between, count the version up without changing anything (a record without versions: 0)."""
    if expected is not None and now != expected:
        raise EditConflict(conflict_message(session, row), getattr(row, "version", 0))


def check_fields_as_left(session: Session, row: Any, expected: object | None, names: Iterable[str]) -> None:
    """check_as_left comparing the stored fields `names` of `row` with those of the record `expected`
    (a record that also carries what it shows of others: a 会員's 構成団体 name, a 任期's 役職)."""
    if expected is not None:
        check_as_left(session, row, {n: getattr(row, n) for n in names}, {n: getattr(expected, n) for n in names})


def conflict_message(session: Session, row: Any) -> str:
    """Who changed the record last and when, and what they changed (from the change log)."""
    label = getattr(type(row), "__label__", "記録")
    last, lines = their_change(session, row)
    return conflict_text(changed_by(f"{label}の記録", last), shortened(lines))


def their_change(session: Session, row: Any) -> tuple[ChangeLog | None, list[str]]:
    """The record's last logged change (None: none that says what, e.g. another program's) and the
    fields it changed, 「・項目: before → after」 in the words the screens use."""
    table = row.__table__.name
    last = session.scalars(
        select(ChangeLog)
        .where(ChangeLog.table_name == table, ChangeLog.record_id == record_id_of(row))
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()
    if last is not None and last.operation == INSERT and getattr(row, "version", 1) > 1 and not _put_back(session, last):
        last = None  # its version moved on since it was added, and nothing logged it: another program
    if last is None:
        return None, []
    changed = list(session.scalars(
        select(ChangeLog).where(ChangeLog.batch == last.batch, ChangeLog.table_name == table,
                                ChangeLog.record_id == last.record_id, ChangeLog.operation.in_((UPDATE, INSERT)))
        .order_by(ChangeLog.id)
    ))  # fmt: skip
    # a record they added (a grade given for the first time): its labelled fields, as set
    labels = getattr(type(row), "__field_labels__", {})
    changed = [c for c in changed if c.operation == UPDATE or (c.field in labels and c.new_value)]
    from app.services.history import shown_change
    from app.services.settings import date_style_in

    style = date_style_in(session)  # once for the record's fields
    lines = [
        f"・{field_label(table, c.field)}: {before} → {after}"
        for c in changed
        for before, after in [shown_change(session, c, style)]
    ]
    return (last if lines else None), lines


def _put_back(session: Session, added: ChangeLog) -> bool:
    """Whether the logged addition `added` put a deleted row back under its id (the undo of its
    deletion, the redo of its addition): such a row counts on from the version it went with."""
    return session.scalar(
        select(ChangeLog.id).where(ChangeLog.table_name == added.table_name, ChangeLog.record_id == added.record_id,
                                   ChangeLog.operation.in_((DELETE, TRASH)), ChangeLog.id < added.id).limit(1)
    ) is not None


def shortened(lines: list[str]) -> list[str]:
    """The first SHOWN_FIELDS changes, and how many more."""
    if len(lines) <= SHOWN_FIELDS:
        return lines
    return [*lines[:SHOWN_FIELDS], f"・ほか{len(lines) - SHOWN_FIELDS}項目"]


def one_line(text: str, limit: int = 40) -> str:
    """A text (several lines, maybe long) on one 「・…」 line of a conflict message: its lines joined
    by ／, cut short after `limit` characters; 「（空欄）」 for none."""
    joined = "／".join(line.strip() for line in text.splitlines() if line.strip())
    if not joined:
        return "（空欄）"
    return joined if len(joined) <= limit else joined[:limit] + "…"


def person_of(actor: str) -> str:
    """The change log's actor as messages name people: 「root@JIMU-PC1」 → 「rootさん（JIMU-PC1）」, as the
    lock's messages do (rows logged before the PC was recorded: 「rootさん」)."""
    user, _, host = actor.partition("@")
    who = f"{user}さん" if user else "別の利用者"
    return f"{who}（{host}）" if host else who


SINCE_OPENED = "開いた後に"  # a form's refusal; an undo's says 「この操作の後に」 (step_refused)


def changed_by(what: str, last: ChangeLog | None) -> str:
    """「この…は、開いた後に○○さんが…に変更しました」 from the other person's last logged change;
    without one (written by another program, or a table without a change log) the plain fact."""
    if last is None:
        return f"この{what}は、{SINCE_OPENED}別の画面またはパソコンで変更されました"
    return f"この{what}は、{SINCE_OPENED}{who_when(last)}変更しました"


def who_when(last: ChangeLog) -> str:
    """「rootさん（JIMU-PC1）が2026年12月2日 14:05に」: who made the logged change `last`, and when."""
    return f"{person_of(last.actor)}が{last.changed_at:%Y年%-m月%-d日 %H:%M}に"


def latest_change(session: Session, table: str, *, ids: Collection[object] = (),
                  owner: tuple[str, object] | None = None) -> ChangeLog | None:
    """The latest logged change of `table`'s rows `ids`, or of a row whose field `owner[0]` was or
    became `owner[1]` (the lines of one form, added and removed: a meeting's 議案, a year's 予算（案）)."""
    conditions: list[ColumnElement[bool]] = []
    if ids:
        conditions.append(ChangeLog.record_id.in_([str(i) for i in ids]))
    if owner is not None:
        value = dump_value(owner[1])
        conditions.append(and_(ChangeLog.field == owner[0],
                               or_(ChangeLog.new_value == value, ChangeLog.old_value == value)))
    if not conditions:
        return None
    return session.scalars(select(ChangeLog).where(ChangeLog.table_name == table, or_(*conditions))
                           .order_by(ChangeLog.id.desc()).limit(1)).first()


def values_conflict(what: str, last: ChangeLog | None, lines: list[str], current: Any) -> EditConflict:
    """The refusal for a form saved against the values it showed (several lines): who changed
    `what` and when (`last`, see latest_change), their changes (`lines`, 「・…: shown → stored」),
    and `current`, the values stored now (saving again over them overwrites on purpose)."""
    return EditConflict(conflict_text(changed_by(what, last), shortened(lines)), 0, current)


def conflict_text(who: str, lines: list[str]) -> str:
    """The refusal as every form shows it: who changed the record and when (`who`), their changes
    (one 「・…」 line each), and that what was typed is kept for an overwrite on purpose."""
    heading = f"{who}{NOT_SAVED}。" + ("相手の変更:" if lines else "")
    return "\n".join([heading, *lines, SAVE_AGAIN])


def step_refused(message: str, *, undo: bool) -> str:
    """An undo (`undo`) or redo the services refused, as one line for the status bar: 「元に戻せません
    でした: 」 (「やり直せませんでした: 」) and the refusal, without what a form says next — there is
    no typing kept to save again, and nothing was opened: the other change came after the step."""
    text = message.replace(f"\n{SAVE_AGAIN}", "").replace(NOT_SAVED, "").replace(SINCE_OPENED, "この操作の後に", 1)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f"{'元に戻せませんでした' if undo else 'やり直せませんでした'}: {' '.join(lines)}"


def conflict_after_race(db: Database, model: type, row_id: object) -> ValidationError:
    """The refusal for a save that lost a race (SQLAlchemy's StaleDataError: another transaction
    saved the row between our read and our write), told as for a stale form."""
    with db.session() as session:
        row = session.get(model, row_id)
        if row is None:
            return gone(model, row_id)
        return EditConflict(conflict_message(session, row), row.version)


@contextmanager
def refusing_duplicates(problem: Problem) -> Iterator[None]:
    """Around adding a record whose name must be unique: another PC that added the same name between
    our check and our commit (the database's unique constraint) is told as the check tells it."""
    try:
        yield
    except IntegrityError:
        raise ValidationError(problem) from None


@contextmanager
def refusing_lost_races(db: Database, model: type, row_id: object) -> Iterator[None]:
    """Around a save's transaction: a lost race becomes the Japanese conflict message."""
    try:
        yield
    except StaleDataError:
        raise conflict_after_race(db, model, row_id) from None
