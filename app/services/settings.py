"""Settings kept in the database, with their defaults in one registry."""

from __future__ import annotations

from app.storage.backup import DEFAULT_KEEP_COUNT
from app.storage.database import Database
from app.storage.models import Setting

# Every setting the program knows, with its default (as text).
DEFAULTS: dict[str, str] = {
    "selected_fiscal_year": "",
    "font_scale_percent": "100",
    "print_stamp_boxes": "",  # e.g. "会長,会計,監事": 印 boxes on printed forms; empty = none
    "backup_keep_count": str(DEFAULT_KEEP_COUNT),  # backups kept per reason (起動時, 取込前, …)
}


def get_setting(db: Database, key: str) -> str:
    if key not in DEFAULTS:
        raise KeyError(key)
    with db.session() as session:
        row = session.get(Setting, key)
        return row.value if row else DEFAULTS[key]


def set_setting(db: Database, key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    with db.session.begin() as session:
        session.merge(Setting(key=key, value=value))
