from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kana import gojuon_key, normalize_furigana, normalize_text, search_key, to_hiragana

# --- normalize_text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ｶﾞｯｺｳ", "ガッコウ"),
        ("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"),
        ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
        ("ﾜﾞ", "ヷ"),
        ("ｱﾞ", "ア゛"),  # no precomposed form: keep the mark visible
        ("ﾞ", "゛"),
        ("ﾟ", "゜"),
        ("ｲﾁﾉｾｷｼ", "イチノセキシ"),
        ("ｺｰﾋｰ", "コーヒー"),
        ("｢ｲﾁﾉｾｷ｣､ｶﾞｯｺｳ｡", "「イチノセキ」、ガッコウ。"),
        ("ﾔﾏﾀﾞ･ﾀﾛｳ", "ヤマダ・タロウ"),
        ("カﾞ", "ガ"),  # full-width kana + half-width mark
        ("か\u3099", "が"),  # decomposed (NFD) as macOS writes it
        ("ハ\u309a", "パ"),
        ("ＡＢＣ１２３", "ABC123"),
        ("ａｂｃ", "abc"),
        ("（株）", "(株)"),
        ("１－２－３", "1-2-3"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
        ("山田\u3000太郎", "山田 太郎"),
        ("  山田 \t\n  太郎  ", "山田 太郎"),
        ("\u3000\u3000山田\u3000\u3000", "山田"),
        ("山田\u00a0太郎", "山田 太郎"),
        ("山\u200b田", "山田"),
        ("\ufeff山田", "山田"),
        ("山\x00田\x07", "山田"),
        ("山\u202e田", "山田"),
        ("山\ud800田", "山田"),  # lone surrogate from a badly decoded file
        ("ＡＢＣ　ｶﾅ　かな", "ABC カナ かな"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_normalize_text(raw: str | None, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "kanji",
    [
        "\u9ad9橋",  # 髙 はしご高
        "\ufa11山",  # 﨑 たつさき (in the compatibility block, but a unified ideograph)
        "\ufa10田",  # 塚: NFC/NFKC would turn it into U+585A
        "\ufa19",  # 神: NFC/NFKC would turn it into U+795E
        "𠮷野",  # U+20BB7 つちよし, outside the BMP
        "葛\U000e0100城",  # ideographic variation sequence
        "渡邊",
        "齋藤",
    ],
)
def test_kanji_are_never_changed(kanji: str) -> None:
    assert normalize_text(kanji) == kanji
    assert normalize_furigana(kanji) == kanji
    assert normalize_text(f"　{kanji}ｶﾞ") == f"{kanji}ガ"


def test_compatibility_ideographs_would_be_changed_by_plain_normalization() -> None:
    # Guards the premise of the previous test: these characters really are fragile.
    assert unicodedata.normalize("NFC", "\ufa10") == "\u585a"
    assert unicodedata.normalize("NFKC", "\ufa19") == "\u795e"


@given(st.text())
def test_normalize_text_is_idempotent_and_safe(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    once.encode("utf-8")  # no lone surrogates left
    assert not any(unicodedata.category(c) == "Cc" for c in once)


# --- to_hiragana / normalize_furigana / search_key ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ヤマダ タロウ", "やまだ たろう"),
        ("ヴァイオリン", "ゔぁいおりん"),
        ("コーヒー", "こーひー"),
        ("ッャュョァヵヶ", "っゃゅょぁゕゖ"),
        ("ヽヾ", "ゝゞ"),
        ("やまだ", "やまだ"),
        ("山田ABC", "山田ABC"),
        ("ヷ", "ヷ"),
        ("・", "・"),
        ("", ""),
    ],
)
def test_to_hiragana(raw: str, expected: str) -> None:
    assert to_hiragana(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "やまだ たろう"),
        ("ヤマダ　タロウ", "やまだ たろう"),
        (" やまだ たろう ", "やまだ たろう"),
        ("ｶﾞｯｺｳ", "がっこう"),
        (None, ""),
    ],
)
def test_normalize_furigana(raw: str | None, expected: str) -> None:
    assert normalize_furigana(raw) == expected


@pytest.mark.parametrize("variant", ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "ﾔﾏダ"])
def test_search_key_matches_across_scripts_and_widths(variant: str) -> None:
    assert search_key(variant) == search_key("やまだ")
    assert search_key("マダ") in search_key(variant)


def test_search_key_ignores_case_and_width_of_latin() -> None:
    assert search_key("ＡＢＣ") == search_key("abc") == "abc"
    assert search_key(None) == ""


# --- gojuon_key ----------------------------------------------------------------------------------


def _sorted(names: list[str | None]) -> list[str | None]:
    return sorted(names, key=gojuon_key)


def test_sorts_voiced_and_semi_voiced_with_their_plain_kana() -> None:
    names = ["はしもと", "ばば", "はまだ", "ぱく", "はやし"]
    assert _sorted(names) == ["ぱく", "はしもと", "ばば", "はまだ", "はやし"]


@pytest.mark.parametrize(
    "ordered",
    [
        ["はは", "ばは", "ぱは", "はばは"],  # plain < voiced < semi-voiced, only as a tie-break
        ["は", "ば", "ぱ", "はあ", "ばあ", "ぱあ", "ひ"],  # JIS X 4061 example
        ["きや", "きゃ", "きやく", "きゃく", "きゆ"],  # large before small, only as a tie-break
        ["つつみ", "つっみ", "つづみ", "つづみい"],  # voicing is compared (whole string) before size
        ["ああく", "あーく", "ああけ"],  # ー is the vowel of the kana before it
        ["らあめん", "らーめん", "らいめん"],
        ["かん", "かんあ", "かんん", "かんー", "かんんあ"],  # ー after ん counts as ん
        ["すすき", "すずき", "すゞき", "すずきい"],  # ゞ repeats the kana before it, voiced
        ["やま たろう", "やまだ たろう", "やまだ はなこ", "やまもと"],  # space first
        ["あ", "ん", "ー", "1", "A", "a", "一関", "山田"],  # non-kana after kana, by code point
        ["わ", "ゐ", "ゑ", "を", "ん"],
        ["う", "ゔ", "うあ"],
    ],
)
def test_orderings(ordered: list[str]) -> None:
    shuffled = list(reversed(ordered))
    assert _sorted(shuffled) == ordered
    random.Random(4061).shuffle(shuffled)
    assert _sorted(shuffled) == ordered


def test_hiragana_and_katakana_interleave_and_tie_break_hiragana_first() -> None:
    names = ["サトウ", "さいとう", "すずき", "スズキ", "ｽｽﾞｷ", "さとう", "アベ", "いとう"]
    assert _sorted(names) == ["アベ", "いとう", "さいとう", "さとう", "サトウ", "すずき", "スズキ", "ｽｽﾞｷ"]


def test_equal_primary_across_scripts() -> None:
    assert gojuon_key("がっこう")[1] == gojuon_key("ｶﾞｯｺｳ")[1] == gojuon_key("カツコウ")[1]


def test_empty_and_none_sort_last() -> None:
    names: list[str | None] = ["", "わたなべ", None, "   ", "山田", "あべ"]
    result = _sorted(names)
    assert result[:3] == ["あべ", "わたなべ", "山田"]
    assert set(result[3:]) == {"", None, "   "}


def test_key_is_total_and_deterministic() -> None:
    # Different strings never compare equal, so a sort is reproducible whatever the input order.
    variants = ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "やまだ ", " やまだ"]
    keys = {gojuon_key(v) for v in variants}
    assert len(keys) == len(variants)


@given(st.lists(st.text(alphabet=st.sampled_from("あかがぱっつゃやーアカガンﾊﾟ 山A1"), max_size=6)))
def test_sort_is_independent_of_input_order(names: list[str]) -> None:
    assert _sorted(names) == _sorted(list(reversed(names)))


@given(st.text(), st.text())
def test_key_never_crashes_and_is_comparable(a: str, b: str) -> None:
    ka, kb = gojuon_key(a), gojuon_key(b)
    assert (ka < kb) + (ka > kb) + (ka == kb) == 1


def test_fifty_thousand_readings_sort_consistently() -> None:
    """A list the size of a big register sorts into one order (its speed is in benchmarks/)."""
    rng = random.Random(1)
    pool = "あいうえおかきくけこがぎぐげごさしすせそたちつてとはひふへほぱぴぷぺぽやゆよらりるれろわんっゃアイウエオー "
    names = ["".join(rng.choice(pool) for _ in range(rng.randint(3, 12))) for _ in range(50_000)]
    ordered = sorted(names, key=gojuon_key)
    assert ordered == sorted(reversed(names), key=gojuon_key)
    assert all(gojuon_key(a) <= gojuon_key(b) for a, b in zip(ordered, ordered[1:], strict=False))
