"""The 名簿 import's fields, and turning a row as offices write it into the record's values:
姓 + 名 → 氏名, セイ + メイ / カタカナ → ひらがな, split address → 住所, numbers that lost their 0,
local phone numbers, 状態 and 「退会（令和7年9月30日）」 → 退会日. Each repair is a warning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.contact import restore_phone, restore_postal, split_phone_note
from app.domain.kana import normalize_furigana, normalize_text
from app.domain.member_fields import cell_text, name_key
from app.domain.member_status import read_status, status_in_note
from app.importing import FieldSpec
from app.importing.spec import normalise_header

FIELDS: list[FieldSpec] = [
    FieldSpec("kind", "区分", ("種別", "団体区分", "種類")),
    FieldSpec("name", "名称", ("団体名", "氏名", "名前", "お名前", "団体の名称", "会員名", "氏名（漢字）", "氏名漢字"),
              required=True),
    FieldSpec("family_name", "姓", ("氏", "苗字", "姓（漢字）", "姓漢字", "氏名（姓）"), part_of="name"),
    FieldSpec("given_name", "名", ("名（漢字）", "名漢字", "氏名（名）"), part_of="name"),
    FieldSpec(
        "furigana", "ふりがな",
        ("フリガナ", "よみがな", "ヨミガナ", "読み", "よみ", "ふりがな（名称）", "カナ", "カタカナ", "読み仮名",
         "氏名（カナ）", "氏名カナ", "氏名（ふりがな）", "フリガナ（氏名）", "かな"),
    ),
    FieldSpec("family_kana", "セイ", ("姓（カナ）", "姓カナ", "せい", "姓（ふりがな）", "ふりがな（姓）", "フリガナ（姓）",
                                    "カナ（姓）", "フリガナ姓", "ふりがな姓", "カナ姓", "よみ姓"), part_of="furigana"),
    FieldSpec("given_kana", "メイ", ("名（カナ）", "名カナ", "めい", "名（ふりがな）", "ふりがな（名）", "フリガナ（名）",
                                   "カナ（名）", "フリガナ名", "ふりがな名", "カナ名", "よみ名"), part_of="furigana"),
    FieldSpec("representative", "代表者", ("代表者名", "代表", "会長名")),
    FieldSpec("representative_consent", "代表者名の公表の同意", ("代表者の公表", "代表者公表", "代表者名の公表")),
    FieldSpec("organisation", "所属団体", ("所属",)),
    FieldSpec("phone", "電話", ("電話番号", "TEL", "電話・FAX", "連絡先電話", "連絡先", "自宅電話", "TEL番号")),
    FieldSpec("postal_code", "郵便番号", ("〒", "郵便", "〒番号")),
    FieldSpec("address", "住所", ("所在地", "住所（番地まで）")),
    FieldSpec("prefecture", "都道府県", ("県",), part_of="address"),
    FieldSpec("city", "市区町村", ("市町村", "市区郡町村"), part_of="address"),
    FieldSpec("town", "町番地", ("町名番地", "番地", "町名・番地", "住所１", "住所1", "町域"), part_of="address"),
    FieldSpec("building", "建物名", ("建物", "方書", "住所２", "住所2", "アパート・マンション名", "建物名・部屋番号"),
              part_of="address"),
    FieldSpec("email", "メール", ("メールアドレス", "E-mail", "Eメール", "email")),
    FieldSpec("households", "世帯数", ("戸数",)),
    FieldSpec("member_count", "会員数", ("人数", "会員人数")),
    FieldSpec("joined_on", "加入日", ("入会日", "加入年月日", "入会年月日"), is_date=True),
    FieldSpec("left_on", "退会日", ("退会年月日", "退部日"), is_date=True),
    FieldSpec("status", "状態", ("在籍", "会員区分", "在籍状況", "状況", "在籍区分", "会員状態")),
    FieldSpec("listing_consent", "名簿掲載の同意", ("掲載同意", "同意", "名簿掲載")),
    FieldSpec("note", "備考", ("メモ", "摘要"), gathers=True),
    # read to tell two people with the same name apart; not stored
    FieldSpec("birth_date", "生年月日（同姓同名の区別のみ・保存しない）", ("生年月日", "誕生日"), is_date=True),
    FieldSpec("member_no", "会員番号（同姓同名の区別のみ・保存しない）", ("会員番号", "会員No", "会員NO", "ID", "会員ID")),
    FieldSpec("row_no", "連番（保存しない）", ("No", "NO", "No.", "№", "番号", "連番"), hidden=True, counter=True),
]
# headers of a name column that make a sheet without 区分 a list of people, compared as normalise_header
# gives them (「氏　名」, 「氏名（漢字）」 → 氏名(漢字))
PERSON_NAME_HEADERS = frozenset(normalise_header(h) for h in ("氏名", "名前", "お名前", "会員名", "氏名（漢字）", "氏名漢字"))
# sheet keys that are parts of another field, or only read: the record never has them
COMPOSED = ("family_name", "given_name", "family_kana", "given_kana", "prefecture", "city", "town",
            "building", "status", "birth_date", "member_no", "row_no")
_ADDRESS_PARTS = ("prefecture", "city", "town", "building")


@dataclass(slots=True)
class Composed:
    """A row's values as the record's fields, with what was repaired (key → message) on the way."""

    values: dict[str, Any]
    present: set[str]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    furigana_estimated: bool = False

    def distinguishing(self) -> tuple[str, str, str, str, str]:
        """What tells two people with the same name apart: address, phone, 〒, birth date, number."""
        v = self.values
        digits = "".join(ch for ch in cell_text(v.get("phone")) if ch.isdigit())
        return (name_key(cell_text(v.get("address"))), digits, cell_text(v.get("postal_code")).replace("-", ""),
                cell_text(v.get("birth_date")), cell_text(v.get("member_no")))


def differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two rows are two people when some detail both give is different."""
    return any(x and y and x != y for x, y in zip(a, b, strict=True))


def compose(values: dict[str, Any], present: set[str], area_code: str, numbers_as_text: bool = False) -> Composed:
    """`numbers_as_text`: the sheet is a CSV, whose number cells (a 〒 or phone that lost its 0 in
    Excel) arrive as their digits."""
    v = dict(values)
    keys = set(present)
    out = Composed(v, keys)
    _join(v, keys, "name", ("family_name", "given_name"), " ")
    _join(v, keys, "furigana", ("family_kana", "given_kana"), " ")
    if v.get("furigana") is not None:
        v["furigana"] = normalize_furigana(cell_text(v["furigana"]))  # カタカナ・ﾊﾝｶｸ → ひらがな
    if not keys.isdisjoint(_ADDRESS_PARTS):
        parts = [p for p in ("prefecture", "city", "town") if p in keys]
        street = "".join(cell_text(v.get(p)) for p in parts)
        base = cell_text(v.get("address")) if "address" in keys else ""
        address = " ".join(x for x in (base, street, cell_text(v.get("building"))) if x)
        v["address"] = address or None
        keys.add("address")
    if "postal_code" in keys:
        v["postal_code"], warning = restore_postal(v.get("postal_code"), numbers_as_text)
        if warning:
            out.warnings.append(("postal_code", warning))
    if "phone" in keys and v.get("phone") is not None:
        phone = v["phone"]
        if isinstance(phone, str):
            phone, note = split_phone_note(phone)
            if note:
                _add_note(v, keys, f"電話: {note}")
        restored, warning = restore_phone(phone, area_code, numbers_as_text)
        v["phone"] = restored
        if warning:
            out.warnings.append(("phone", warning))
    _status(v, keys, out)
    keys.difference_update(COMPOSED)
    return out


def composed_name(values: dict[str, Any], present: set[str]) -> str:
    """The 氏名 compose() gives the row (its name column, or 姓 + 名), without composing the rest."""
    name = values.get("name") if "name" in present else None
    if name is None and ("family_name" in present or "given_name" in present):
        return " ".join(t for t in (normalize_text(cell_text(values.get(p))) for p in ("family_name", "given_name"))
                        if t)
    return cell_text(name)


def _join(v: dict[str, Any], keys: set[str], target: str, parts: tuple[str, ...], joiner: str) -> None:
    if keys.isdisjoint(parts):
        return
    if target in keys and v.get(target) is not None:
        return  # a whole-name column wins over its parts
    text = joiner.join(t for t in (normalize_text(cell_text(v.get(p))) for p in parts) if t)
    v[target] = text or None
    keys.add(target)


def _add_note(v: dict[str, Any], keys: set[str], text: str) -> None:
    current = cell_text(v.get("note")) if v.get("note") is not None else ""
    v["note"] = f"{current} / {text}" if current else text
    keys.add("note")


def _status(v: dict[str, Any], keys: set[str], out: Composed) -> None:
    """状態 / 備考 → 退会日, or a warning; never an active member in silence."""
    status = read_status(cell_text(v.get("status"))) if v.get("status") is not None else None
    from_note = status_in_note(str(v["note"])) if isinstance(v.get("note"), str) else None
    left_on = v.get("left_on")
    if status is not None and not status.known and left_on is None:  # (a 退会日 given: left, as stored)
        out.warnings.append(("status", f"状態「{status.word}」は在籍として取り込みます（退会なら退会日を入れてください）"))
    if from_note is not None and not from_note.known and left_on is None:
        out.warnings.append(("note", f"備考「{from_note.word}」からは退会したと決められないため、在籍として取り込みます"
                                     "（退会なら退会日を入れてください）"))
    if status is not None and status.paused:
        _add_note(v, keys, f"状態: {status.word}")
        out.warnings.append(("status", f"「{status.word}」は在籍として取り込み、備考に「状態: {status.word}」と残します"))
    said_left = [(x, key) for x, key in ((status, "status"), (from_note, "note")) if x is not None and x.left]
    if not said_left or left_on is not None:
        return
    dated = next((x for x, _ in said_left if x.left_on is not None), None)
    if dated is not None:
        v["left_on"] = dated.left_on
        keys.add("left_on")
        return
    found, key = said_left[0]
    out.warnings.append((key, f"「{found.word}」とありますが退会日が分からないため、在籍として取り込みます"
                              "（退会日の列に日付を入れるか、取り込んだ後に画面で退会を記録してください）"))


def left_date(values: dict[str, Any]) -> date | None:
    value = values.get("left_on")
    return value if isinstance(value, date) else None
