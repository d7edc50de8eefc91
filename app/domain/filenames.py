"""File names that are valid on Windows (the office PCs) and still readable in Japanese."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str, replacement: str = "_") -> str:
    """Replace characters Windows forbids, trim trailing dots/spaces, avoid reserved device names."""
    cleaned = _FORBIDDEN.sub(replacement, name).strip().rstrip(". ")
    stem = cleaned.split(".")[0].upper()
    if not cleaned or stem in _RESERVED:
        cleaned = f"{replacement}{cleaned}"
    return cleaned[:150]
