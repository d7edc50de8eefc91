"""One read transaction for data gathered by several services (a report's data, for instance).

`with read_snapshot(db) as view:` hands out a Database whose every `session()` and
`session.begin()` is the same session, inside one transaction: the services called with `view`
all see the file as it was when the first of them read it, even while another window writes.
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


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
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
        view = copy.copy(db)
        view.session = _SameSession(session)  # type: ignore[assignment]
        yield view
