"""A ふりがな suggestion for a name (pykakasi). Only a suggestion: what staff type always wins."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from app.domain.kana import normalize_text, to_hiragana


@lru_cache(maxsize=1)
def _converter() -> Any:
    import pykakasi  # lazy: its dictionary takes half a second to load

    return pykakasi.kakasi()


def suggest_furigana(name: str) -> str:
    """ひらがな reading of `name`, or "" when some kanji cannot be read (髙, 﨑 …) — a wrong
    reading is worse than none, because lists are sorted by it."""
    text = normalize_text(name)
    if not text:
        return ""
    try:
        parts = _converter().convert(text)
    except Exception:  # a suggestion must never break typing
        return ""
    reading = []
    for part in parts:
        if part["orig"].strip() and not part["hira"]:
            return ""
        reading.append(part["hira"])
    joined = to_hiragana("".join(reading))
    # A reading covering less than the name (pykakasi drops characters it does not know) is no good.
    if "".join(p["orig"] for p in parts).replace(" ", "") != text.replace(" ", ""):
        return ""
    return normalize_text(joined)
