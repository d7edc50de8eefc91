"""The body's signing key (Ed25519) and the signature in a submission workbook's _meta sheet.

The private key is made on the first submission (or the first `kyodo keys export`). It is kept in
a file beside the database (`kyodo.sqlite` → `kyodo.signing-key.pem`, readable by the owner only)
and a copy in the database itself, so every backup holds it and a restored backup brings it back.
It is never written into a submission: only the public key leaves, through `kyodo keys export`.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.submission_format import (
    FORMAT_VERSION,
    META_BODY,
    META_CREATED,
    META_EDITION,
    META_FORMAT_VERSION,
    META_YEAR,
)
from app.domain.submission_signing import (
    KEY_FILE_DOCUMENT,
    META_SIGNATURE,
    META_SIGNING_KEY,
    TypedCell,
    key_id,
    signed_message,
    typed_content_digest,
)
from app.domain.validation import ValidationError
from app.storage.database import Database
from app.storage.models import Setting

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_SETTING = "signing_private_key"  # not in the settings registry: never shown nor edited


def key_file(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.signing-key.pem")


def signing_key(db: Database) -> Ed25519PrivateKey:
    """The body's private key: the file beside the database, else the database's copy (a restored
    backup), else a new key. The file and the copy are written when missing."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_file(db.path) if db.path is not None else None  # None: a database in memory (tests)
    with db.session() as session:
        row = session.get(Setting, KEY_SETTING)
        stored = row.value.encode() if row and row.value else None
    pem = path.read_bytes() if path is not None and path.is_file() else stored
    if pem is None:
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError as exc:
        raise ValidationError(
            f"署名鍵のファイル「{path}」が読み取れません。バックアップから戻すか、"
            "ファイルを別の場所へ移して新しい鍵を作り、市役所に登録し直してください（README「署名鍵」）。"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError(f"署名鍵のファイル「{path}」は協働デスクの署名鍵ではありません。")
    if path is not None and not path.is_file():
        _write_private(path, pem)
    if stored != pem:
        with db.session.begin() as session:
            session.merge(Setting(key=KEY_SETTING, value=pem.decode()))
    return key


def _write_private(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def public_raw(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign_sheets(
    key: Ed25519PrivateKey, meta: Mapping[str, str], sheets: Iterable[tuple[str, Iterable[Sequence[TypedCell]]]]
) -> dict[str, str]:
    """The _meta entries that sign `sheets` (the visible ones, typed) together with `meta`."""
    message = signed_message(
        meta[META_BODY], meta[META_YEAR], meta[META_EDITION], meta[META_CREATED],
        meta.get(META_FORMAT_VERSION, str(FORMAT_VERSION)), typed_content_digest(sheets),
    )
    return {
        META_SIGNING_KEY: key_id(public_raw(key)),
        META_SIGNATURE: base64.b64encode(key.sign(message)).decode("ascii"),
    }


def typed_sheets_of(workbook: Any) -> Iterable[tuple[str, Iterable[list[TypedCell]]]]:
    """(name, rows of (type, value)) of an openpyxl workbook being written, visible sheets only."""
    for ws in workbook.worksheets:
        if getattr(ws, "sheet_state", "visible") == "visible":
            yield ws.title, ([(c.data_type, c.value) for c in row] for row in ws.iter_rows())


def export_public_key(db: Database, out: Path, body_name: str, now: datetime | None = None) -> Path:
    """Write the body's public key for city hall to register (making the key if there is none)."""
    raw = public_raw(signing_key(db))
    document = {
        "document": KEY_FILE_DOCUMENT,
        "format_version": 1,
        "body_name": body_name,
        "key_id": key_id(raw),
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(raw).decode("ascii"),
        "exported_at": (now or datetime.now()).replace(microsecond=0).isoformat(),
    }
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"公開鍵のファイル「{out}」を書き込めません: {exc.strerror or exc}") from exc
    return out
