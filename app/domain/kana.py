"""Text normalisation for names and ふりがな, 五十音順 sort keys and search keys.

Kanji are never touched: 髙 and 﨑 in a family name must survive exactly as typed, so we never apply
NFKC/NFC to a whole string — only to the half-/full-width forms block and to kana + voicing marks.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# --- normalize_text ------------------------------------------------------------------------------

# Format characters that sneak in from copy/paste (zero-width space, BOM, bidi marks, soft hyphen).
# ZWJ (U+200D) is kept: it joins emoji sequences and is harmless.
_FORMAT_CHARS = [0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200E, 0x200F, 0xFEFF]
_FORMAT_CHARS += [
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
    *range(0xFFF9, 0xFFFC),
]


def _build_normalize_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Control characters other than whitespace (whitespace is collapsed to " " later).
    for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
        if not chr(c).isspace():
            table[c] = None
    for c in _FORMAT_CHARS:
        table[c] = None
    # Lone surrogates (from badly decoded files) cannot be stored or printed.
    for c in range(0xD800, 0xE000):
        table[c] = None
    # Full-width ASCII (！ … ～) → ASCII.
    for c in range(0xFF01, 0xFF5F):
        table[c] = chr(c - 0xFEE0)
    # Half-width katakana and punctuation (｡ … ﾝ) → full width. NFKC is safe on these single code points.
    for c in range(0xFF61, 0xFF9E):
        table[c] = unicodedata.normalize("NFKC", chr(c))
    # A voicing mark that could not be combined stays visible as the spacing mark ゛/゜.
    table[0xFF9E] = "\u309b"
    table[0xFF9F] = "\u309c"
    return table


_NORMALIZE_TABLE = _build_normalize_table()

# Kana followed by a voicing mark, half-width (ｶﾞ) or combining (か + U+3099, as macOS file names are).
_VOICED_PAIR_RE = re.compile(
    "([\u3041-\u3096\u309d\u30a1-\u30fa\u30fd\uff66-\uff9d])([\uff9e\uff9f\u3099\u309a])"
)
_COMBINING_OF = {"\uff9e": "\u3099", "\uff9f": "\u309a", "\u3099": "\u3099", "\u309a": "\u309a"}


def _compose(m: re.Match[str]) -> str:
    base = m[1].translate(_NORMALIZE_TABLE)
    composed = unicodedata.normalize("NFC", base + _COMBINING_OF[m[2]])
    # No precomposed form (e.g. ｱﾞ): leave the pair for the table, which yields ア゛.
    return composed if len(composed) == 1 else m[0]


def normalize_text(s: str | None) -> str:
    """Canonical form for single-line text typed by staff (names, ふりがな, addresses).

    ｶﾞｯｺｳ → ガッコウ, ＡＢＣ１２３ → ABC123, every run of whitespace (incl. 　) → one space, stripped,
    control/format characters removed. Kanji (incl. compatibility ideographs such as 﨑) are unchanged.
    """
    if not s:
        return ""
    if s.isascii() and s.isprintable():  # phones, dates, numbers, e-mail: nothing to translate
        return s if "  " not in s and s[0] != " " and s[-1] != " " else " ".join(s.split())
    return _normalize_other(s)


@functools.lru_cache(maxsize=8192)  # imports repeat values (班, 区分, 地名) thousands of times
def _normalize_other(s: str) -> str:
    s = _VOICED_PAIR_RE.sub(_compose, s)
    s = s.translate(_NORMALIZE_TABLE)
    return " ".join(s.split())


# --- to_hiragana ---------------------------------------------------------------------------------

# ァ … ヶ (incl. ヴ → ゔ, ヵ → ゕ, ヶ → ゖ) sit exactly 0x60 above their hiragana; ヽヾ → ゝゞ.
_TO_HIRAGANA = {c: chr(c - 0x60) for c in range(0x30A1, 0x30F7)} | {0x30FD: "\u309d", 0x30FE: "\u309e"}


def to_hiragana(s: str) -> str:
    """Katakana → hiragana; ー and everything else unchanged. ヷヸヹヺ have no hiragana form and stay."""
    return s.translate(_TO_HIRAGANA)


def normalize_furigana(s: str | None) -> str:
    """ｶﾀｶﾅ, カタカナ and ひらがな all become ひらがな, after normalize_text."""
    return to_hiragana(normalize_text(s))


def search_key(s: str | None) -> str:
    """Key for substring search: hiragana, katakana and half-width kana, and letter case, all match."""
    return normalize_furigana(s).casefold()


# --- gojuon_key ----------------------------------------------------------------------------------
#
# Levels, in the spirit of JIS X 4061 (the rules 国語辞典 follow):
#   1. primary: kana compared by their plain large form (が = か, っ = つ, ゃ = や, ガ = が).
#      ー counts as the vowel of the kana before it (らーめん = らあめん; after ん it counts as ん);
#      ゝ/ゞ repeat the kana before them. Space sorts before every kana ("やま たろう" before
#      "やまだ …", like a telephone directory). Anything that is not kana (kanji, latin, digits)
#      sorts after all kana, by code point.
#   2. voicing: plain < voiced < semi-voiced (はは < ばは < ぱは).
#   3. form: large < small < long-vowel mark/iteration mark (きや < きゃ, ああく < あーく).
#   4. script: hiragana < katakana.
#   5. the normalised text, then the raw text, so the order is total and stable.
# Empty or None sorts after everything.

_SPACE_W = 0x01
_KANA_BASE_W = 0x02
_GOJUON = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
_LONG_MARK = "ー"
_ITERATION = {"ゝ": "0", "ゞ": "1", "ヽ": "0", "ヾ": "1"}  # mark → voicing of the repeated kana


def _kana_info() -> dict[str, tuple[str, str, str, str]]:
    """char → (plain large hiragana, voicing '0'/'1'/'2', form '0' large/'1' small, script '0'/'1')."""
    by_name = {unicodedata.name(b): b for b in _GOJUON}
    info: dict[str, tuple[str, str, str, str]] = {}
    ranges = [(0x3041, 0x3097), (0x30A1, 0x30FB), (0x31F0, 0x3200)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFD", ch)
            voicing = {"\u3099": "1", "\u309a": "2"}.get(decomposed[1:], "0")
            name = unicodedata.name(decomposed[0])
            small = " SMALL " in name
            name = name.replace("KATAKANA", "HIRAGANA").replace(" SMALL ", " ")
            base = by_name.get(name)
            if base is None:
                continue
            script = "1" if "KATAKANA" in unicodedata.name(ch) else "0"
            info[ch] = (base, voicing, "1" if small else "0", script)
    return info


# The primary level is a str so that 50,000 keys build with str.translate and compare at C speed.
# Weights: space 0x01, kana 0x02…0x31, a ー with no kana before it 0x32. Every other character keeps
# its code point, except printable ASCII, which is shifted up into 0x33…0x90 to stay above the kana;
# that room exists because normalize_text has removed the C0/C1 controls (0x00–0x20, 0x7F–0x9F).
_KANA = _kana_info()
_LONG_W = _KANA_BASE_W + len(_GOJUON)
_ASCII_SHIFT = _LONG_W + 1 - 0x21
_PRIMARY_W: dict[str, int] = {ch: _KANA_BASE_W + _GOJUON.index(b) for ch, (b, *_rest) in _KANA.items()}
_PRIMARY_W[" "] = _SPACE_W
_PRIMARY_W[_LONG_MARK] = _LONG_W
_PRIMARY_W.update(dict.fromkeys(_ITERATION, _LONG_W))
_PRIMARY_TABLE = {ord(ch): chr(w) for ch, w in _PRIMARY_W.items()} | {
    c: chr(c + _ASCII_SHIFT) for c in range(0x21, 0x7F)
}


def _vowel(base: str) -> str:
    # The Unicode name ends in the romanised syllable ("HIRAGANA LETTER KA"): its last letter is the vowel.
    last = unicodedata.name(base)[-1]
    return {"A": "あ", "I": "い", "U": "う", "E": "え", "O": "お"}.get(last, base)


# Primary weight of a kana → primary weight of its vowel (ん → ん), for ー.
_VOWEL_OF_WEIGHT: dict[str, str] = {chr(_PRIMARY_W[b]): chr(_PRIMARY_W[_vowel(b)]) for b in _GOJUON}

_VOICING_TABLE = str.maketrans(
    {ch: v for ch, (_b, v, _f, _s) in _KANA.items()} | {_LONG_MARK: "0"} | _ITERATION
)
_FORM_TABLE = str.maketrans(
    {ch: f for ch, (_b, _v, f, _s) in _KANA.items()} | {_LONG_MARK: "2"} | dict.fromkeys(_ITERATION, "2")
)
_SCRIPT_TABLE = str.maketrans(
    {ch: s for ch, (_b, _v, _f, s) in _KANA.items()}
    | {_LONG_MARK: "0", "ゝ": "0", "ゞ": "0", "ヽ": "1", "ヾ": "1"}
)
_CONTEXT_CHARS = frozenset([_LONG_MARK, *_ITERATION])

GojuonKey = tuple[int, str, str, str, str, str, str]
_EMPTY_KEY_HEAD = 1  # non-empty keys start with 0, so empty sorts last


def _primary(t: str) -> str:
    p = t.translate(_PRIMARY_TABLE)
    if _CONTEXT_CHARS.isdisjoint(t):
        return p
    # ー and ゝ/ゞ take their weight from the kana before them (already resolved, so ーー works too).
    weights = list(p)
    for i in range(1, len(t)):
        prev = weights[i - 1]
        if t[i] in _CONTEXT_CHARS and prev in _VOWEL_OF_WEIGHT:
            weights[i] = _VOWEL_OF_WEIGHT[prev] if t[i] == _LONG_MARK else prev
    return "".join(weights)


def gojuon_key(s: str | None) -> GojuonKey:
    """Sort key for 五十音順 by ふりがな; see the level description above."""
    raw = s or ""
    t = normalize_text(raw)
    if not t:
        return (_EMPTY_KEY_HEAD, "", "", "", "", "", raw)
    return (
        0,
        _primary(t),
        t.translate(_VOICING_TABLE),
        t.translate(_FORM_TABLE),
        t.translate(_SCRIPT_TABLE),
        t,
        raw,
    )


def normalize_multiline(s: str | None) -> str:
    """normalize_text for each line of a free text (reports, notes), keeping the line breaks."""
    lines = [normalize_text(line) for line in (s or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")
