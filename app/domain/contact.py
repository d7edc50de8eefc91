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


def _hyphens(t: str) -> str:
    """`t` with those dashes as "-" (most numbers are ASCII and have none: no translate for them)."""
    return t if t.isascii() else t.translate(_DASHES)


def _text(s: object) -> str:
    # Cells read from Excel may be numbers; str() keeps what is left (a lost leading zero then fails
    # validation instead of being silently "fixed").
    return "" if s is None else normalize_text(s if isinstance(s, str) else str(s))


_POSTAL_RE = re.compile(r"^(\d{3})-?(\d{4})$")
_STORED_POSTAL_RE = re.compile(r"[0-9]{3}-[0-9]{4}")


def normalize_postal_code(s: str | None) -> str:
    """ "〒021-0000", "0210000", "０２１－００００", "021 0000" → "021-0000"; "" for empty."""
    t = _text(s)
    if _STORED_POSTAL_RE.fullmatch(t):
        return t  # already as stored (most cells of an import): the steps below would give it unchanged
    return _normalized_postal_code(t)


def _normalized_postal_code(t: str) -> str:
    if not t:
        return ""
    t = _hyphens(t).replace(" ", "").removeprefix("〒")
    m = _POSTAL_RE.match(t)
    if m is None:
        raise ValueError(POSTAL_MESSAGE)
    return f"{m[1]}-{m[2]}"


_PHONE_CHARS_RE = re.compile(r"^[0-9()\-]+$")
_SEPARATORS_RE = re.compile(r"[()\-]+")


def normalize_phone(s: str | None) -> str:
    """ "０１９１（２１）２１１１" → "0191-21-2111"; "" for empty.

    Domestic numbers only: 10 or 11 digits starting with 0. Parentheses around the area or local code
    become hyphens, so the stored form is always digits and hyphens.
    """
    t = _text(s)
    if _STORED_PHONE_RE.fullmatch(t) and 10 <= len(t) - t.count("-") <= 11:
        return t  # already as stored (most cells of an import): the steps below would give it unchanged
    return _normalized_phone(t)


# digits and at most two single hyphens, beginning with 0 and ending with a digit
_STORED_PHONE_RE = re.compile(r"0[0-9]*(?:-[0-9]+){0,2}")


def _normalized_phone(t: str) -> str:
    if not t:
        return ""
    t = _hyphens(t).replace(" ", "")
    if not _PHONE_CHARS_RE.match(t):
        raise ValueError(PHONE_MESSAGE)
    # "(0191)21-2111" / "0191(21)2111" → "0191-21-2111"; runs of separators collapse to one hyphen.
    t = _SEPARATORS_RE.sub("-", t).strip("-")
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


# --- numbers that Excel or a typist shortened ------------------------------------------------------

_NOTE_RE = re.compile(r"^(?P<number>[^（(]*?)\s*[（(](?P<note>[^）)]*[^\d\s\-）)][^）)]*)[）)]\s*$")
_MOBILE_PREFIXES = ("50", "60", "70", "80", "90")


def split_phone_note(text: str) -> tuple[str, str]:
    """ "0191-21-2111（自宅）" → ("0191-21-2111", "自宅"); a note in brackets is not part of a number."""
    if "(" not in text and "（" not in text:  # (only these two become "(" when normalised)
        return text, ""
    m = _NOTE_RE.match(normalize_text(text))
    return (m["number"], m["note"].strip()) if m else (text, "")


def restore_phone(value: object, area_code: str, numbers_as_text: bool = False) -> tuple[str, str]:
    """(number as typed or restored, a warning or "").

    A number cell that lost its leading 0 (191212111, 9012345678) gets it back when the length says
    which it was, and so does such a number written as text by a CSV (`numbers_as_text`); a local
    number without 市外局番 (21-2111) gets `area_code`. Anything else is returned as it is, for
    normalize_phone to accept or refuse."""
    if value.__class__ is str and _STORED_PHONE_RE.fullmatch(value):
        return value, ""  # with its 0 and as stored (most cells of an import): nothing to restore
    if numbers_as_text and isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)  # a CSV writes a number cell as its digits: the 0 was lost in Excel
    if isinstance(value, bool) or value is None:
        return ("" if value is None else str(value)), ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value) if isinstance(value, int) else _hyphens(_text(value)).replace(" ", "")
    digits = text.replace("-", "")
    if not digits.isdigit() or digits.startswith("0"):
        return text, ""
    if isinstance(value, int) and (len(digits) == 9 or (len(digits) == 10 and digits[:2] in _MOBILE_PREFIXES)):
        return "0" + digits, f"先頭の0が消えていたため補いました（{value} → 0{digits}）"
    if 5 <= len(digits) <= 8 and area_code:
        restored = f"{area_code}-{text}" if "-" in text else f"{area_code}{text}"
        return restored, f"市外局番がないため {area_code} を補いました（{restored}）"
    return text, ""


def phone_problem(text: str) -> str:
    """The message for a number normalize_phone refused, saying what is wrong with it."""
    digits = re.sub(r"\D", "", text)
    if digits and not digits.startswith("0") and len(digits) in (9, 10):
        return f"「{text}」は先頭の0が消えているようです（Excelの数値になった可能性）。0から入力してください"
    if digits and len(digits) < 10:
        return f"「{text}」は桁が足りません（市外局番から入力してください。例: 0191-21-2111）"
    return f"「{text}」: {PHONE_MESSAGE}"


def restore_postal(value: object, numbers_as_text: bool = False) -> tuple[object, str]:
    """(postal code, a warning or ""): a number cell that lost its leading 0 (210884, or 21884 for
    002-1884) gets it back, and so does such a number written as text by a CSV (`numbers_as_text`);
    anything else is returned unchanged, for normalize_postal_code to accept or refuse."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and numbers_as_text and value.isascii() and value.isdigit() and value[0] != "0":
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        return value, ""
    if not 10_000 <= number < 1_000_000:  # 7 digits need nothing; 4 or fewer are no postal code
        return (f"{number:07d}" if 1_000_000 <= number < 10_000_000 else value), ""
    padded = f"{number:07d}"
    restored = f"{padded[:3]}-{padded[3:]}"
    return restored, f"先頭の0が消えていたため補いました（{value} → {restored}）"
