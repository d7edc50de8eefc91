"""One read transaction for data gathered by several services (a report's data, for instance).

`with read_snapshot(db) as view:` hands out a Database whose every `session()` and
`session.begin()` is the same session, inside one transaction: the services called with `view`
all see the file as it was when the first of them read it, even while another window writes.
A gathering function called with such a view (the 総会資料 gathers several reports' data) joins
the outer transaction instead of starting its own.

`with write_together(db) as view:` does the same for several mutating services that must succeed
or fail as one (approving a plan writes the plan, the budget and the officers' terms): an exception
rolls every one of them back.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy.orm import Session

from app.storage.database import Database


class _SameSession:
    """Stands in for the sessionmaker: `db.session()` and `db.session.begin()` give the one session."""

    def __init__(self, session: Session):
        self._session = session

    def __call__(self) -> AbstractContextManager[Session]:
        return nullcontext(self._session)

    def begin(self) -> AbstractContextManager[Session]:
        return nullcontext(self._session)


def _view(db: Database, session: Session) -> Database:
    view = copy.copy(db)
    view.session = _SameSession(session)
    return view


@contextmanager
def write_together(db: Database) -> Iterator[Database]:
    if isinstance(db.session, _SameSession):
        yield db
        return
    with db.session.begin() as session:
        yield _view(db, session)


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    if isinstance(db.session, _SameSession):  # already inside one transaction: join it
        yield db
        return
    # Committed at the end rather than rolled back: a few reads store defaults on first use (the
    # criteria set in force), as they do when called on their own.
    with db.session.begin() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            # pysqlite opens no transaction for SELECTs by itself: without BEGIN each query would
            # see the file as it is at that moment
            session.connection().exec_driver_sql("BEGIN")
        elif dialect == "postgresql":
            # READ COMMITTED (the default) lets each statement see other PCs' newer commits
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield _view(db, session)
