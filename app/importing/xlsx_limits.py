"""Limits that keep reading an .xlsx linear in time and bounded in memory, checked before parsing.

A few kilobytes of zip can expand to gigabytes (a "zip bomb") or hold ten million shared strings;
openpyxl would build all of it in memory. The package is judged from its zip directory (Python's
zipfile never inflates a member beyond the size the directory states, so those sizes are a real
bound) and by counting the shared strings while inflating, stopping at the limit.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# Sheets: data beyond these is refused with a message naming the cell (the caps are in the message).
MAX_ROWS = 300_000
MAX_COLUMNS = 200
# The whole package once inflated, and how much one part may expand relative to its stored size.
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 8 * 1024 * 1024  # small parts may compress well without harm
MAX_SHARED_STRINGS = 2_000_000
_CHUNK = 1024 * 1024


class PackageLimitError(Exception):
    """The package exceeds a limit; the message (Japanese, without the file name) says which."""


def check_package(z: zipfile.ZipFile) -> None:
    """Raise PackageLimitError when the zip would inflate too far or holds too many shared strings."""
    total = 0
    for info in z.infolist():
        total += info.file_size
        if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageLimitError(
                f"圧縮率が異常に高い部分（{info.filename}: {info.compress_size:,}バイトが"
                f"{info.file_size:,}バイトに展開されます）を含むため読み込みません"
                f"（上限 {MAX_RATIO}倍）"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise PackageLimitError(
            f"展開後の大きさが大きすぎます（{total // 2**20:,}MB、最大 {MAX_UNCOMPRESSED_BYTES // 2**20:,}MB）"
        )
    for name in z.namelist():
        if name.lower().endswith("sharedstrings.xml"):
            _check_shared_strings(z, name)


def _check_shared_strings(z: zipfile.ZipFile, name: str) -> None:
    # "<si>" / "<si " opens an entry; the count is taken while inflating and stops at the limit
    count = 0
    tail = b""
    with z.open(name) as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            count += data.count(b"<si>") + data.count(b"<si ")
            tail = data[-3:]  # shorter than a tag: a tag split across chunks is counted once, next time
            if count > MAX_SHARED_STRINGS:
                raise PackageLimitError(f"文字列の数が多すぎます（最大 {MAX_SHARED_STRINGS:,}個）")


def row_limit_message(path: Path, sheet: str, ref: str) -> str:
    return (
        f"ファイル『{path.name}』のシート『{sheet}』は行が多すぎます（最大 {MAX_ROWS:,}行）。"
        f"セル{ref}に値があります。不要な行を削除するか、ファイルを分けてから読み込んでください"
    )


def column_limit_message(path: Path, sheet: str, ref: str) -> str:
    return (
        f"ファイル『{path.name}』のシート『{sheet}』は列が多すぎます（最大 {MAX_COLUMNS}列）。"
        f"セル{ref}に値があります。不要な列を削除してから読み込んでください"
    )
