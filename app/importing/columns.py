"""Which row is the header, and which field each source column fills — every column accounted for.

A header is one row, or two rows where a merged cell (氏名) stands over its parts (姓 / 名). Each
candidate is scored by how many fields its columns match; the best row of the best sheet wins, so a
form area above the table (作成者 氏名 ___ 電話 ___) or a 集計 sheet never beats the real table.
A user's mapping (「見出し=項目」) overrides what the headers say; a column no field takes is kept
in the accounting as 「取り込まない」 so the preview can name it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.importing.spec import FieldSpec, normalise_header

NOT_IMPORTED = "取り込まない"
# how a column got its field, for the preview
BY_HEADER, BY_USER, BY_REST = "見出し", "指定", "備考へ"

Merge = tuple[int, int, int, int]  # (min_row, min_col, max_row, max_col), 1-based


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (no openpyxl: CSV imports do without it)."""
    n, letters = index + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


@dataclass(frozen=True)
class SourceColumn:
    """One column of the sheet and what becomes of it."""

    index: int  # 0-based
    letter: str
    header: str  # as the sheet shows it; 「氏名／姓」 for a two-row header; "" = no header
    key: str | None = None  # the field it fills; None = 取り込まない
    how: str = ""  # BY_HEADER / BY_USER / BY_REST, or why it is not imported
    span: tuple[int, ...] = ()  # further columns under the same merged header (令和|7|年|4|月|1|日)
    has_data: bool = False  # some data row has a value in it (set once the rows are read)
    texts: tuple[str, ...] = ()  # the header texts it can be matched by (normalised)

    @property
    def shown(self) -> str:
        return f"{self.letter}列（{self.header}）" if self.header else f"{self.letter}列（見出しなし）"


@dataclass
class HeaderChoice:
    first_row: int  # Excel row of the first header row
    header_row: int  # Excel row of the last header row (data start below it)
    columns: list[SourceColumn]
    notes: list[str] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {c.key for c in self.columns if c.key}

    @property
    def score(self) -> int:
        return len(self.keys)

    def signature(self) -> str:
        """The same headers in the same order give the same signature (to remember a mapping)."""
        text = "\x1f".join(c.texts[0] if c.texts else "" for c in self.columns)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class MissingHeaders(list[str]):
    """The labels of the required fields the closest header row lacks, with that row (`closest`):
    the window shows its columns so that the user can say which holds the missing field."""

    def __init__(self, labels: list[str], closest: HeaderChoice | None = None):
        super().__init__(labels)
        self.closest = closest


class MappingError(Exception):
    """A mapping the user gave cannot be applied (unknown field, header not in the sheet, two
    columns for one field). A usage error: the command line exits 2, nothing is imported."""


def _cell_text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


def _merge_owner(merges: Sequence[Merge], row: int, col: int) -> tuple[int, int] | None:
    """(row, col) of the top-left cell of the merge covering (row, col), if any."""
    for r1, c1, r2, c2 in merges:
        if r1 <= row <= r2 and c1 <= col <= c2:
            return r1, c1
    return None


def _value(top: Sequence[Sequence[Any]], row: int, col: int) -> Any:
    cells = top[row - 1] if 0 < row <= len(top) else ()
    return cells[col - 1] if col - 1 < len(cells) else None


def _own_text(top: Sequence[Sequence[Any]], merges: Sequence[Merge], row: int, col: int, first: int
              ) -> tuple[str, int | None]:
    """(text of the cell as a header word, column it continues or None). A merge reaching down from
    a row above `first`, or from the parent row into the child row, gives no word of its own."""
    owner = _merge_owner(merges, row, col)
    if owner is None:
        return _cell_text(_value(top, row, col)), None
    if owner[0] != row:
        return "", None
    return _cell_text(_value(top, *owner)), (owner[1] if owner[1] != col else None)


def _header_cells(
    top: Sequence[Sequence[Any]], merges: Sequence[Merge], first: int, last: int, width: int
) -> list[tuple[str, tuple[str, ...], int | None]]:
    """Per column: (header as shown, texts to match it by, 0-based column it continues or None)."""
    cells: list[tuple[str, tuple[str, ...], int | None]] = []
    for col in range(1, width + 1):
        child, child_cont = _own_text(top, merges, last, col, first)
        parent, parent_cont = ("", None)
        if first != last:
            owner = _merge_owner(merges, first, col)
            if owner is None or owner[0] == first:  # the parent word, repeated over its children
                parent = _cell_text(_value(top, *(owner or (first, col))))
                parent_cont = owner[1] if owner and owner[1] != col else None
        if child_cont is not None:
            cells.append(("", (), child_cont - 1))
        elif child and parent and child != parent:
            texts = (normalise_header(parent + child), normalise_header(child), normalise_header(parent))
            cells.append((f"{parent}／{child}", texts, None))
        elif child or parent:
            if not child and parent_cont is not None:  # a merged parent over empty children: one field
                cells.append(("", (), parent_cont - 1))
            else:
                cells.append((child or parent, (normalise_header(child or parent),), None))
        else:
            cells.append(("", (), None))
    return cells


def assign_columns(
    cells: Sequence[tuple[str, tuple[str, ...], int | None]],
    fields: Sequence[FieldSpec],
    mapping: Mapping[str, str | None] | None = None,
    rest_to: str | None = None,
    strict: bool = True,
) -> tuple[list[SourceColumn], list[str]]:
    """Give each column its field: the user's mapping first (normalised header → key or None),
    then the field whose label or synonym the header is. One column per field, except fields that
    gather (備考): the extra columns go there as 「見出し: 値」. `rest_to` sends every column no field
    takes to that gathering field."""
    names = [(f, f.names()) for f in fields]
    by_key = {f.key: f for f in fields}
    mapping = dict(mapping or {})
    columns: list[SourceColumn] = []
    taken: dict[str, SourceColumn] = {}
    notes: list[str] = []
    for i, (header, texts, continues) in enumerate(cells):
        letter = column_letter(i)
        if continues is not None:
            owner = columns[continues]
            columns[continues] = replace(owner, span=(*owner.span, i))
            columns.append(SourceColumn(i, letter, "", None, f"{owner.letter}列と一体の見出し", texts=()))
            continue
        key: str | None = None
        how = ""
        user = next((t for t in texts if t in mapping), None)
        if user is not None:
            key, how = mapping[user], BY_USER
            if key is None:
                how = "指定により取り込まない"
        else:
            for text in texts:
                key = next((f.key for f, accepted in names if text in accepted), None)
                if key:
                    how = BY_HEADER
                    break
        if key is not None and key in taken and not by_key[key].gathers:
            earlier = taken[key]
            if strict and (how == BY_USER or earlier.how == BY_USER):
                raise MappingError(
                    f"{letter}列『{header}』と{earlier.letter}列『{earlier.header}』が同じ項目「{by_key[key].label}」"
                    f"になっています。どちらかを「{NOT_IMPORTED}」にしてください"
                )
            notes.append(
                f"{letter}列の『{header}』は{earlier.letter}列の『{earlier.header}』と同じ項目のため読み込みません"
            )
            key, how = None, f"{earlier.letter}列と同じ項目"
        if key is None and rest_to and header and how != "指定により取り込まない":
            key, how = rest_to, BY_REST
        column = SourceColumn(i, letter, header, key, how or ("" if key else "一致する項目がない"), texts=texts)
        if key is not None:
            taken.setdefault(key, column)
        columns.append(column)
    return columns, notes


def _words_only(row: Sequence[Any]) -> bool:
    """A row of header words: some text and no numbers or dates (the first data row has them)."""
    return any(_cell_text(v) for v in row) and all(v is None or isinstance(v, str) for v in row)


_UNIT = re.compile(r"^[(（]?(?:単位[:：]?)?\s*(?:円|千円|人|名|戸|世帯|件|回|歳|%|％)[)）]?$")


def _units_only(row: Sequence[Any]) -> bool:
    """A row of units under the headers: 「（円）」 「人」 「（単位：円）」 and nothing else."""
    texts = [_cell_text(v) for v in row if _cell_text(v)]
    return bool(texts) and all(_UNIT.match(t) for t in texts)


def _candidates(top: Sequence[Sequence[Any]]) -> list[tuple[int, int]]:
    rows = [(r, r) for r in range(1, len(top) + 1)]
    rows += [(r - 1, r) for r in range(2, len(top) + 1)
             if any(_cell_text(v) for v in top[r - 2]) and _words_only(top[r - 1])]
    return rows


def missing_required(keys: set[str], fields: Sequence[FieldSpec]) -> list[str]:
    """Labels of required fields the keys do not cover (姓 and 名 cover 氏名)."""
    covered = keys | {f.part_of for f in fields if f.key in keys and f.part_of}
    return [f.label for f in fields if f.required and f.key not in covered]


def choose_header(
    top: Sequence[Sequence[Any]],
    merges: Sequence[Merge],
    fields: Sequence[FieldSpec],
    mapping: Mapping[str, str | None] | None = None,
    rest_to: str | None = None,
) -> HeaderChoice | MissingHeaders:
    """The header (one row or two) that fills the most fields and every required one; else the
    labels of the required fields that the closest row lacked ([] when nothing matched at all)."""
    width = max((len(r) for r in top), default=0)
    best: HeaderChoice | None = None
    fewest_missing: list[str] | None = None
    closest: HeaderChoice | None = None
    for first, last in _candidates(top):
        row_cells = top[last - 1]
        if not any(_cell_text(v) for v in row_cells):
            continue
        cells = _header_cells(top, merges, first, last, width)
        # conflicts in the user's mapping are reported on the chosen header below
        columns, notes = assign_columns(cells, fields, mapping, rest_to=None, strict=False)
        choice = HeaderChoice(first, last, columns, notes)
        if not choice.keys:
            continue
        missing = missing_required(choice.keys, fields)
        if missing:
            if fewest_missing is None or len(missing) < len(fewest_missing):
                fewest_missing, closest = missing, choice
            continue
        if best is None or choice.score > best.score or (
                choice.score == best.score and best.header_row == first and _units_only(top[last - 1])):
            best = choice  # (a row of units under the header, （円） or 人, belongs to the header)
    if best is None:
        return MissingHeaders(fewest_missing or [], closest)
    if mapping or rest_to:  # again with the user's choices, whose conflicts are now reported
        cells = _header_cells(top, merges, best.first_row, best.header_row, width)
        columns, notes = assign_columns(cells, fields, mapping, rest_to)
        best = HeaderChoice(best.first_row, best.header_row, columns, notes)
    return best


def check_mapping_headers(choice: HeaderChoice, mapping: Mapping[str, str | None], sheet: str) -> None:
    """Every header the user named must be one of the sheet's headers."""
    known = {t for c in choice.columns for t in c.texts}
    unknown = [h for h in mapping if h not in known]
    if unknown:
        headers = "、".join(f"『{c.header}』" for c in choice.columns if c.header)
        raise MappingError(
            f"シート『{sheet}』に見出し『{'』『'.join(unknown)}』がありません（{choice.header_row}行目の見出し: {headers}）"
        )


def parse_mapping(pairs: Sequence[str], fields: Sequence[FieldSpec]) -> dict[str, str | None]:
    """「見出し=項目」 (項目 = a field's label or synonym, or 取り込まない) → normalised header → key."""
    by_name: dict[str, str | None] = {normalise_header(NOT_IMPORTED): None}
    for f in fields:
        for name in f.names():
            by_name.setdefault(name, f.key)
    result: dict[str, str | None] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise MappingError(f"--map は「見出し=項目」の形で指定してください: {pair}")
        key = normalise_header(target)
        if key not in by_name:
            labels = "、".join(f.label for f in fields if not f.hidden)
            raise MappingError(f"項目「{target.strip()}」はありません。使える項目: {labels}、{NOT_IMPORTED}")
        result[normalise_header(header)] = by_name[key]
    return result


def field_choices(fields: Sequence[FieldSpec]) -> list[tuple[str | None, str]]:
    """(key, label) for a list the user picks from; 取り込まない first."""
    return [(None, NOT_IMPORTED)] + [(f.key, f.label) for f in fields if not f.hidden]
