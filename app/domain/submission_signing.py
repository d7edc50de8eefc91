"""What a submission's signature covers: pure Python, shared by the body (signs) and city hall (verifies).

The signature (Ed25519, made in app.services.submission.signing) is over `signed_message(...)`:

    kyodo-submission-signature 1
    body_name\t<body>
    fiscal_year\t<year>
    edition\t<版>
    created_at\t<ISO time>
    format_version\t<version>
    content\t<SHA-256 hex of the typed content>

Typed content: like the checksum's canonical content (app.domain.submission_format), but every
non-empty cell is "<type>:<canonical text>", the type being the cell's type in the .xlsx: n (number),
s (text), b (TRUE/FALSE), d (date), f (formula), e (error). A number retyped as text with the same
digits ("n:4368000" → "s:4368000") therefore breaks the signature, as does a relabelled 版.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from app.domain.submission_format import canonical_cell

SIGNATURE_SCHEME = "kyodo-submission-signature 1"
META_SIGNATURE = "signature"  # base64 of the 64-byte Ed25519 signature
KEY_FILE_DOCUMENT = "kyodo-signing-key"  # the "document" of a public key file (kyodo keys export)
META_SIGNING_KEY = "signing_key"  # key id: the first 16 hex digits of SHA-256 of the raw public key

# openpyxl's data types (written and read back) → the type letter that is signed
_TYPE_LETTERS = {"n": "n", "s": "s", "str": "s", "inlineStr": "s", "b": "b", "d": "d", "f": "f", "e": "e"}

TypedCell = tuple[str, Any]  # (openpyxl data type, value)


def typed_cell(data_type: str, value: Any) -> str:
    if value is None or value == "":  # an empty text cell may or may not survive saving: it is empty
        return ""
    return f"{_TYPE_LETTERS.get(data_type, data_type)}:{canonical_cell(value)}"


def typed_content_digest(sheets: Iterable[tuple[str, Iterable[Sequence[TypedCell]]]]) -> str:
    """SHA-256 (hex) of the visible sheets' typed content, (name, rows of (type, value)) in order."""
    digest = hashlib.sha256()
    for name, rows in sheets:
        digest.update(f"#sheet\t{canonical_cell(name)}\n".encode())
        for row in rows:
            cells = [typed_cell(t, v) for t, v in row]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                digest.update("\t".join(cells).encode("utf-8"))
                digest.update(b"\n")
    return digest.hexdigest()


def signed_message(
    body: str, year: str, edition: str, created_at: str, format_version: str, content_digest: str
) -> bytes:
    fields = (
        ("body_name", body), ("fiscal_year", year), ("edition", edition), ("created_at", created_at),
        ("format_version", format_version), ("content", content_digest),
    )
    lines = [SIGNATURE_SCHEME] + [f"{k}\t{canonical_cell(v)}" for k, v in fields]
    return ("\n".join(lines) + "\n").encode("utf-8")


def key_id(public_key_raw: bytes) -> str:
    return hashlib.sha256(public_key_raw).hexdigest()[:16]
