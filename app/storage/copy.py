"""Copy a whole database between engines (SQLite ⇄ PostgreSQL), row for row, in one transaction.

Both sides are at the same schema revision (the caller opens them through the migrations). The
target must hold no data: a copy never merges. Tables go in foreign-key order; on PostgreSQL the id
sequences are moved past the copied ids so that new rows get fresh ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, func, select, text

from app.storage.base import Base

BATCH = 2_000


class CopyError(Exception):
    """The copy was refused or failed; the target is unchanged. The message is Japanese."""


@dataclass(frozen=True)
class CopyResult:
    tables: int
    rows: int


def _tables() -> list[Table]:
    import app.storage.models  # noqa: F401  (every model registered on Base.metadata)

    return list(Base.metadata.sorted_tables)


def holds_data(engine: Engine) -> bool:
    """True once a body has been entered: a new database holds only the defaults the migrations seed
    (区分, 役職, 費目, 評価の視点), which the copy replaces."""
    body = Base.metadata.tables["body"]
    with engine.connect() as con:
        return bool(con.execute(select(func.count()).select_from(body)).scalar())


def copy_rows(source: Engine, target: Engine, progress: Callable[[str, int], None] | None = None,
              *, replace: bool = False) -> CopyResult:
    """`replace`: the target's data goes (a restore); otherwise a target holding data is refused."""
    tables = _tables()
    if not replace and holds_data(target):
        raise CopyError("コピー先には既にデータがあります。空のデータベースを指定してください（上書きはしません）。")
    total = 0
    with source.connect() as src, target.begin() as dst:
        for table in reversed(tables):  # the seeded defaults go; the source's own come instead
            dst.execute(table.delete())
        for table in tables:
            # a table referring to itself (費目: 目 → 款) gets those links once every row is there
            own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
            later: list[dict[str, Any]] = []
            result = src.execution_options(yield_per=BATCH).execute(select(table))
            for chunk in result.partitions(BATCH):
                rows = [dict(r._mapping) for r in chunk]
                if own:
                    later += [r for r in rows if any(r[c] is not None for c in own)]
                    rows = [{**r, **dict.fromkeys(own)} for r in rows]
                dst.execute(table.insert(), rows)
                total += len(rows)
            pk = list(table.primary_key.columns)
            # the columns an UPDATE would stamp (updated_at's onupdate) keep the source's values too
            kept = [*own, *(c.name for c in table.columns if c.onupdate is not None or c.server_onupdate is not None)]
            for r in later:
                dst.execute(table.update().where(*(c == r[c.name] for c in pk)).values({c: r[c] for c in kept}))
            if progress:
                progress(table.name, total)
        if target.dialect.name == "postgresql":
            for table in tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement is not False and pk[0].type.python_type is int:
                    dst.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                        f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                    ))
    return CopyResult(len(tables), total)
