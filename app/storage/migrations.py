"""Run the Alembic migrations in db/ against an engine. Imports Alembic only when called."""

from __future__ import annotations

from sqlalchemy import Engine

from app.paths import migrations_dir


def _config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")


def script_revisions() -> list[str]:
    """Revision ids of the scripts in db/versions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
