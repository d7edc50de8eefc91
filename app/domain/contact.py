"""Postal codes, phone numbers and e-mail addresses: always text (leading zeros matter)."""

from __future__ import annotations

import re

from app.domain.kana import normalize_text

POSTAL_MESSAGE = "郵便番号は 〒000-0000 の形（7桁）で入力してください"
PHONE_MESSAGE = "電話番号は数字とハイフンで入力してください（例: 0191-21-2111）"
EMAIL_MESSAGE = "メールアドレスの形式が正しくありません"

# Everything a Japanese IME or Excel may put where a hyphen was meant: ‐ ‑ ‒ – — ― − ー (ｰ and － are
# already folded by normalize_text).
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\ufe63", "-"))


def _text(s: object) -> str:
    # Cells read from Excel may be numbers; str() keeps what is left (a lost leading zero then fails
    # validation instead of being silently "fixed").
    return "" if s is None else normalize_text(s if isinstance(s, str) else str(s))


_POSTAL_RE = re.compile(r"^(\d{3})-?(\d{4})$")


def normalize_postal_code(s: str | None) -> str:
    """ "〒021-0000", "0210000", "０２１－００００", "021 0000" → "021-0000"; "" for empty."""
    t = _text(s)
    if not t:
        return ""
    t = t.translate(_DASHES).replace(" ", "").removeprefix("〒")
    m = _POSTAL_RE.match(t)
    if m is None:
        raise ValueError(POSTAL_MESSAGE)
    return f"{m[1]}-{m[2]}"


_PHONE_CHARS_RE = re.compile(r"^[0-9()\-]+$")


def normalize_phone(s: str | None) -> str:
    """ "０１９１（２１）２１１１" → "0191-21-2111"; "" for empty.

    Domestic numbers only: 10 or 11 digits starting with 0. Parentheses around the area or local code
    become hyphens, so the stored form is always digits and hyphens.
    """
    t = _text(s)
    if not t:
        return ""
    t = t.translate(_DASHES).replace(" ", "")
    if not _PHONE_CHARS_RE.match(t):
        raise ValueError(PHONE_MESSAGE)
    # "(0191)21-2111" / "0191(21)2111" → "0191-21-2111"; runs of separators collapse to one hyphen.
    t = re.sub(r"[()\-]+", "-", t).strip("-")
    digits = t.replace("-", "")
    # A missing leading 0 means Excel turned the number into an integer; refuse rather than guess.
    if not 10 <= len(digits) <= 11 or not digits.startswith("0") or t.count("-") > 2:
        raise ValueError(PHONE_MESSAGE)
    return t


_EMAIL_RE = re.compile(
    r"""^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}
    @(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$""",
    re.VERBOSE,
)


def normalize_email(s: str | None) -> str:
    """Stripped, full-width folded to ASCII, domain lower-cased; "" for empty.

    The local part keeps its case and may contain dots in any position: old Japanese mobile addresses
    ("taro..hanako.@docomo.ne.jp") are still in use and must be accepted.
    """
    t = _text(s)
    if not t:
        return ""
    if not _EMAIL_RE.match(t):
        raise ValueError(EMAIL_MESSAGE)
    local, domain = t.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
