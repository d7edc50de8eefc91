"""Run the Alembic migrations in db/ against an engine. Imports Alembic only when called."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from app.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


class MigrationError(RuntimeError):
    """The upgraded schema would break references between rows; the upgrade was rolled back."""


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # Batch migrations copy a table and drop the old one; with foreign keys on, that drop
            # would cascade into child rows. SQLite only honours this outside a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun transaction; no BEGIN was sent for a PRAGMA
        try:
            with connection.begin():
                command.upgrade(_config(connection), "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise MigrationError("データベースの更新で参照の整合性が崩れるため、更新を取り消しました。")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def script_revisions() -> list[str]:
    """Revision ids of the scripts in db/versions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
