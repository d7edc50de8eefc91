"""The column mapping a user chose in the import window, remembered for sheets with the same
headers (by the headers' signature), in the database's settings table."""

from __future__ import annotations

import json

from app.services.changes import SETTINGS, Changes
from app.storage.database import Database
from app.storage.models import Setting

MEMBERS, LEDGER = "members", "ledger"
_PREFIX = "import_mapping"


def _key(kind: str, signature: str) -> str:
    return f"{_PREFIX}.{kind}.{signature}"


def remembered_mapping(db: Database, kind: str, signature: str) -> dict[str, str | None] | None:
    """Normalised header → field key (None = 取り込まない), or None when nothing was remembered."""
    with db.session() as session:
        row = session.get(Setting, _key(kind, signature))
        if row is None:
            return None
    try:
        data = json.loads(row.value)
    except ValueError:
        return None
    return {str(k): (str(v) if v is not None else None) for k, v in data.items()} if isinstance(data, dict) else None


def remember_mapping(db: Database, kind: str, signature: str, mapping: dict[str, str | None]) -> Changes:
    """Keep `mapping` for sheets whose headers have `signature`; an empty mapping forgets it."""
    with db.session.begin() as session:
        key = _key(kind, signature)
        if mapping:
            session.merge(Setting(key=key, value=json.dumps(mapping, ensure_ascii=False)))
        elif (row := session.get(Setting, key)) is not None:
            session.delete(row)
    return Changes.of(SETTINGS)
