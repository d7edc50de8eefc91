"""City hall's side of signed submissions: the folder of registered public keys, and the checks.

A keys folder holds the JSON files the bodies made with `kyodo keys export` (any file names; several
per body are fine: a replaced key is added, and the old one kept so old submissions still verify).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.domain.submission_format import META_BODY, META_CREATED, META_EDITION, META_FORMAT_VERSION, META_YEAR
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

UNVERIFIED = "署名未確認"
VERIFIED = "署名確認済み"
_MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class RegisteredKey:
    key_id: str
    body_name: str
    public_raw: bytes
    file: Path


def load_keys(folder: Path) -> dict[str, RegisteredKey]:
    """Key id → registered key, from every key file in `folder` (other JSON files are ignored)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(f"署名鍵のフォルダ「{folder}」がありません。--keys には公開鍵を集めたフォルダを指定してください。")
    keys: dict[str, RegisteredKey] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            if path.stat().st_size > _MAX_KEY_FILE_BYTES:
                continue
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if not isinstance(document, dict) or document.get("document") != KEY_FILE_DOCUMENT:
            continue
        try:
            raw = base64.b64decode(str(document["public_key"]), validate=True)
            body = str(document["body_name"])
        except (KeyError, binascii.Error) as exc:
            raise ValidationError(f"署名鍵のファイル「{path}」が壊れています。提出元に書き出し直してもらってください。") from exc
        if len(raw) != 32 or not body:
            raise ValidationError(f"署名鍵のファイル「{path}」が壊れています。提出元に書き出し直してもらってください。")
        keys[key_id(raw)] = RegisteredKey(key_id(raw), body, raw, path)
    return keys


def check_signature(
    meta: Mapping[str, str],
    sheets: Iterable[tuple[str, Iterable[Sequence[TypedCell]]]],
    keys: Mapping[str, RegisteredKey],
) -> str | None:
    """None when the workbook is signed by its body's registered key over exactly this content,
    else the reason (Japanese) it is not."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    signature, kid, body = meta.get(META_SIGNATURE, ""), meta.get(META_SIGNING_KEY, ""), meta.get(META_BODY, "")
    if not signature:
        return (
            "署名がありません（署名に対応する前の協働デスクで作られたか、署名が消されています）。"
            "提出元に、最新版の協働デスクで作り直して再提出するよう依頼してください。"
        )
    registered = keys.get(kid)
    if registered is None:
        return (
            f"登録されていない署名鍵（鍵ID {kid or '不明'}）で署名されています。"
            f"{body or '提出元'}から公開鍵（kyodo keys export）を受け取り、鍵のフォルダに加えてから集計し直してください。"
        )
    if registered.body_name != body:
        return (
            f"署名鍵（鍵ID {kid}）は「{registered.body_name}」の鍵として登録されていますが、"
            f"ファイルは「{body}」の提出ファイルです。"
        )
    message = signed_message(
        body, meta.get(META_YEAR, ""), meta.get(META_EDITION, ""), meta.get(META_CREATED, ""),
        meta.get(META_FORMAT_VERSION, ""), typed_content_digest(sheets),
    )
    try:
        Ed25519PublicKey.from_public_bytes(registered.public_raw).verify(base64.b64decode(signature), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return (
            "署名が一致しません。作成後に内容（数値を同じ数字の文字に変えることを含む）・版・作成日時の"
            "いずれかが書き換えられています。提出元に、協働デスクで作成したままのファイルを再提出するよう依頼してください。"
        )
    return None
